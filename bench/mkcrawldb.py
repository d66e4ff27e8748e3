#!/usr/bin/python3
"""Creates (once) a container DB of ROWS tombstone rows with Swift's own ContainerBroker, on
node 1's device, where the container ring puts ACCOUNT/CONTAINER. Prints the DB path.
Usage: /usr/bin/python3 mkcrawldb.py SWIFT_DIR DEVICES_ROOT ACCOUNT CONTAINER ROWS"""
import os
import sys
import time
import urllib.request

from swift.common.ring import Ring
from swift.common.utils import Timestamp, hash_path
from swift.container.backend import ContainerBroker

swift_dir, devices_root, account, container, rows = sys.argv[1:6]
rows = int(rows)
internal_proxy = os.environ.get('SWIFT_INTERNAL_PROXY_URL', 'http://127.0.0.1:8081')
# The account must exist, or swift-container-updater quarantines the DB ("no account replicas
# exist"): creating the container through Swift creates both; node 1's DB is then replaced.
urllib.request.urlopen(urllib.request.Request('%s/v1/%s/%s' % (internal_proxy, account, container), method='PUT'))
ring = Ring(swift_dir, ring_name='container')
part, nodes = ring.get_nodes(account, container)
node = [n for n in nodes if n['device'] == 'sdb1'][0]
h = hash_path(account, container)
path = os.path.join(devices_root, '1', 'node', node['device'], 'containers', str(part), h[-3:], h, h + '.db')
broker = ContainerBroker(path, account=account, container=container)
if os.path.exists(path):
    with broker.get() as conn:
        have = conn.execute('SELECT COUNT(*) FROM object').fetchone()[0]
    if have == rows:
        print(path)
        sys.exit(0)
# Built beside the devices tree and renamed into place when complete: a Swift daemon or
# saio-flush.sh that opens a half-written DB may quarantine it.
tmp_dir = os.path.join(devices_root, '..', 'crawl-tmp-%d' % os.getpid())
os.makedirs(tmp_dir, exist_ok=True)
tmp_path = os.path.join(tmp_dir, h + '.db')
broker = ContainerBroker(tmp_path, account=account, container=container)
broker.initialize(Timestamp.now().internal, 0)
base = time.time() - 86400
batch = []
start = time.time()
for i in range(rows):
    batch.append({'name': 'o%09d' % i, 'created_at': Timestamp(base + i * 1e-5).internal, 'size': 0,
                  'content_type': '', 'etag': '', 'deleted': 1, 'storage_policy_index': 0})
    if len(batch) == 20000:
        broker.merge_items(batch)
        batch = []
if batch:
    broker.merge_items(batch)
sys.stderr.write('created %d tombstone rows in %.0f s\n' % (rows, time.time() - start))
os.makedirs(os.path.dirname(path), exist_ok=True)
os.rename(tmp_path, path)  # replaces the empty DB Swift made
for f in os.listdir(tmp_dir):
    os.unlink(os.path.join(tmp_dir, f))
os.rmdir(tmp_dir)
print(path)
