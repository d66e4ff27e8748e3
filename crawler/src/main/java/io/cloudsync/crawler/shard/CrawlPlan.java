package io.cloudsync.crawler.shard;

import java.util.List;

/**
 * What to crawl on this node for one container: its DB files and those of its shard containers
 * that have a replica here.
 *
 * @param dbs the DB files, the root's first
 * @param rootState the sharding state of this node's root replica, null when the root has none here
 * @param shards the shard containers known for the root ({@code .shards_<account>/<container>}),
 *     shrunk ones included
 * @param localShards those of them with a DB file on this node
 * @param problems what could not be read: a shard DB naming another root, a listing that failed;
 *     the crawl goes on with the rest
 */
public record CrawlPlan(List<CrawlDb> dbs, DbState rootState, List<String> shards, List<String> localShards,
    List<String> problems) {
  public CrawlPlan {
    dbs = List.copyOf(dbs);
    shards = List.copyOf(shards);
    localShards = List.copyOf(localShards);
    problems = List.copyOf(problems);
  }

  /** Whether the container has started sharding (shard ranges, or shard containers found). */
  public boolean sharded() {
    return !shards.isEmpty() || (rootState != null && rootState != DbState.UNSHARDED);
  }
}
