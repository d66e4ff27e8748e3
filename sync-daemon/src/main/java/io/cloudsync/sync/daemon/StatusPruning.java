package io.cloudsync.sync.daemon;

import io.cloudsync.crawler.shard.CrawlDb;
import io.cloudsync.crawler.shard.CrawlPlan;
import io.cloudsync.crawler.shard.ShardNames;
import io.cloudsync.status.StatusStore;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a container's crawl: status files of its shard DBs that left this node are deleted, and
 * entries of DBs that retired (a root's {@code <hash>.db} once sharded) are dropped, so {@code
 * status} shows what exists.
 */
final class StatusPruning {
  private static final Logger LOG = LoggerFactory.getLogger(StatusPruning.class);

  private StatusPruning() {
  }

  static void prune(StatusStore status, String account, String container, CrawlPlan plan) {
    try {
      String shardsAccount = ShardNames.shardsAccount(account);
      Set<String> local = new HashSet<>();
      plan.localShards().forEach(path -> local.add(path.substring(path.indexOf('/') + 1)));
      for (String name : status.containers(shardsAccount)) {
        if (ShardNames.isShardOf(name, container) && !local.contains(name)) {
          status.remove(shardsAccount, name);
        }
      }
      if (!plan.problems().isEmpty()) {
        return; // a DB that could not be read keeps its entries
      }
      Map<String, Set<String>> ids = new HashMap<>();
      for (CrawlDb db : plan.dbs()) {
        ids.computeIfAbsent(db.replica().account() + "/" + db.replica().container(), k -> new HashSet<>())
            .add(db.dbId());
      }
      for (Map.Entry<String, Set<String>> e : ids.entrySet()) {
        String path = e.getKey();
        int slash = path.indexOf('/');
        status.retainDbIds(path.substring(0, slash), path.substring(slash + 1), e.getValue());
      }
    } catch (IOException e) {
      LOG.warn("{}/{}: cannot prune the status of vanished shard DBs: {}", account, container, e.getMessage());
    }
  }
}
