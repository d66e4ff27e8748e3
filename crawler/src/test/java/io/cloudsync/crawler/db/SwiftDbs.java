package io.cloudsync.crawler.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.crawler.support.Python;
import java.io.IOException;
import java.nio.file.Path;

/** Container DBs written by Swift's own {@code ContainerBroker}, for tests. */
final class SwiftDbs {
  static final String ACCOUNT = "AUTH_t\u00e9st";
  static final String CONTAINER = "c\u2603";
  static final String UNICODE_NAME = "\u00fcn\u00efc\u00f8d\u00e9/\u2603 x";

  /** Objects (unicode, empty, SLO with swift_bytes, tombstone, metadata POST), metadata; prints Swift's view. */
  private static final String POPULATED = """
      import json, os, sys
      from swift.common import utils
      utils.HASH_PATH_PREFIX = b'p'
      utils.HASH_PATH_SUFFIX = b's'
      from swift.common.utils import Timestamp, decode_timestamps
      from swift.container.backend import ContainerBroker
      path, mode = sys.argv[1], sys.argv[2]
      os.makedirs(os.path.dirname(path), exist_ok=True)
      t = lambda s: Timestamp(s).internal
      b = ContainerBroker(path, account='AUTH_t\\u00e9st', container='c\\u2603')
      b.initialize(t(1500000000), 0)
      if mode == 'populated':
          b.put_object('a', t(1500000001), 5, 'text/plain', '5d41402abc4b2a76b9719d911017c592')
          b.put_object('\\u00fcn\\u00efc\\u00f8d\\u00e9/\\u2603 x', t(1500000002), 0, 'application/octet-stream',
                       'd41d8cd98f00b204e9800998ecf8427e')
          b.put_object('slo', t(1500000003), 100, 'application/octet-stream;swift_bytes=1048576', 'etag-slo')
          b.put_object('doomed', t(1500000004), 3, 'text/plain', 'x')
          b.delete_object('doomed', t(1500000005))
          b.put_object('a', t(1500000001), 5, 'text/plain', '5d41402abc4b2a76b9719d911017c592',
                       ctype_timestamp=t(1500000001), meta_timestamp=t(1500000006))
          b.put_object('ctype', t(1500000001), 1, 'text/html', 'e', ctype_timestamp=t(1500000008),
                       meta_timestamp=t(1500000008))
          b.update_metadata({'X-Container-Meta-Color': ['blue', t(1500000007)],
                             'X-Container-Meta-Gone': ['', t(1500000007)],
                             'X-Container-Sync-To': ['//realm/cluster/AUTH_x/y', t(1500000007)]})
      elif mode == 'deleted':
          b.delete_db(t(1500000009))
      elif mode == 'shards':
          from swift.common.utils import ShardRange
          b.merge_shard_ranges([b.get_own_shard_range()])
          print(json.dumps({'own_only_rows': len(b.get_shard_ranges(include_own=True))}), file=sys.stderr)
          if sys.argv[3] == 'yes':
              b.merge_shard_ranges([ShardRange('.shards_AUTH_t\\u00e9st/c-x-1500000000.00000-0', Timestamp(1500000010),
                                               lower='', upper='m', state=ShardRange.FOUND)])
          elif sys.argv[3] == 'deleted':
              b.merge_shard_ranges([ShardRange('.shards_AUTH_t\\u00e9st/c-x-1500000000.00000-0', Timestamp(1500000010),
                                               lower='', upper='m', deleted=1)])
      info = b.get_info()
      rows = b.get_items_since(0, 1000)
      for r in rows:
          r['decoded'] = [[x.raw, x.offset] for x in decode_timestamps(r['created_at'])]
      keys = ('id', 'account', 'container', 'put_timestamp', 'delete_timestamp', 'object_count',
              'bytes_used', 'storage_policy_index')
      print(json.dumps({'info': {k: info[k] for k in keys}, 'deleted': b.is_deleted(),
                        'rows': rows, 'metadata': b.metadata}))
      """;

  private SwiftDbs() {
  }

  /** Creates a DB at {@code path} in {@code mode} (populated, deleted, shards) and returns Swift's view. */
  static JsonNode create(Path path, String mode, String... extra) throws IOException {
    String[] args = new String[2 + extra.length];
    args[0] = path.toString();
    args[1] = mode;
    System.arraycopy(extra, 0, args, 2, extra.length);
    return new ObjectMapper().readTree(Python.run(POPULATED, args));
  }
}
