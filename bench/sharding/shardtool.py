#!/usr/bin/python3
"""shardtool.py - Swift-side chores of bench/sharding/run.sh, with Swift's own libraries
(run with /usr/bin/python3, the interpreter Swift is installed for).

  shardtool.py db ACCOUNT CONTAINER NODE        path of node NODE's newest DB file of the container
  shardtool.py partitions ACCOUNT CONTAINER      the container ring partitions of the root and of
                                                 every shard its node-1 DB names (comma-separated)
  shardtool.py state ACCOUNT CONTAINER           "<db_state> <db_state> <db_state>" of the 3 roots
  shardtool.py shards ACCOUNT CONTAINER          number of shard ranges (not deleted) of node 1's root

Needs SWIFT_CONF_DIR, SWIFT_DEVICES_ROOT and SWIFT_HASH_PATH_PREFIX/SUFFIX (saio.env).
"""
import glob
import hashlib
import os
import sys

from swift.common.ring import Ring
from swift.container.backend import ContainerBroker


def db_file(account, container, node):
    h = hashlib.md5(("%s/%s/%s%s" % (os.environ["SWIFT_HASH_PATH_PREFIX"], account, container,
                                     os.environ["SWIFT_HASH_PATH_SUFFIX"])).encode()).hexdigest()
    root = os.environ["SWIFT_DEVICES_ROOT"]
    files = sorted(glob.glob("%s/%s/node/*/containers/*/%s/%s/%s*.db" % (root, node, h[-3:], h, h)))
    if not files:
        sys.exit("no DB of %s/%s on node %s" % (account, container, node))
    return files[-1]


def broker(account, container, node):
    return ContainerBroker(db_file(account, container, node), account=account, container=container)


def main():
    cmd, account, container = sys.argv[1:4]
    if cmd == "db":
        print(db_file(account, container, sys.argv[4]))
    elif cmd == "partitions":
        ring = Ring(os.environ["SWIFT_CONF_DIR"], ring_name="container")
        parts = {ring.get_part(account, container)}
        for sr in broker(account, container, 1).get_shard_ranges():
            parts.add(ring.get_part(sr.account, sr.container))
        print(",".join(str(p) for p in sorted(parts)))
    elif cmd == "state":
        print(" ".join(broker(account, container, n).get_db_state() for n in (1, 2, 3)))
    elif cmd == "shards":
        print(len(broker(account, container, 1).get_shard_ranges()))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
