package io.cloudsync.crawler.shard;

import io.cloudsync.crawler.db.ShardRange;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which DB files this node crawls for a container, in every sharding state:
 * <ul>
 *   <li>unsharded, sharded, collapsed: the replica's one DB file, {@code <hash>.db} or the newest
 *       {@code <hash>_<epoch>.db} (a sharded root's file holds only misplaced rows, a collapsed
 *       root's all of them);
 *   <li>sharding: the retiring DB, minus the names Swift's sharder already cleaved into shard
 *       containers (their shard DBs have them), and the fresh DB;
 *   <li>the shard DBs of the root: the shard containers its shard ranges name, deleted ones
 *       included while their DB is here (or, with no root
 *       replica here, that a listing of {@code .shards_<account>} finds), located with their own
 *       ring, each checked to name this root in {@code X-Container-Sysmeta-Shard-Quoted-Root}
 *       (legacy {@code -Shard-Root}); a shard that is itself sharding is read as above.
 * </ul>
 */
public final class CrawlPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(CrawlPlanner.class);

  private final ReplicaLocator locator;
  private final DbFactsCache facts;

  public CrawlPlanner(ReplicaLocator locator, DbFactsCache facts) {
    this.locator = Objects.requireNonNull(locator, "locator");
    this.facts = Objects.requireNonNull(facts, "facts");
  }

  /**
   * @throws IOException when a local replica of the root cannot be read (its files vanish, it is
   *     not a container DB, it stays locked): the container cannot be synced from this node
   */
  public CrawlPlan plan(String account, String container, ShardLister lister) throws IOException {
    List<CrawlDb> dbs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> shardPaths = new LinkedHashSet<>();
    Set<String> localShards = new LinkedHashSet<>();
    DbState rootState = null;
    for (LocalReplica replica : locator.find(account, container)) {
      DbFiles files = DbFiles.of(replica);
      if (!files.exists()) {
        continue;
      }
      DbFacts newest = facts.facts(files.newest());
      List<ShardRange> others = newest.others();
      DbState state = DbState.of(files, newest.own(), others);
      rootState = rootState == null || state.ordinal() > rootState.ordinal() ? state : rootState;
      // Deleted ranges too: a shard that shrank away can still take rows (a proxy with a stale
      // view of the shard ranges sends updates there) until Swift's sharder moves them on.
      newest.ranges().stream().filter(r -> !r.name().equals(newest.path())).forEach(r -> shardPaths.add(r.name()));
      dbs.addAll(dbsOf(files, newest, account, container, state != DbState.UNSHARDED || !others.isEmpty()));
    }
    if (rootState == null) {
      try {
        String shardsAccount = ShardNames.shardsAccount(account);
        lister.shards(account, container).forEach(s -> shardPaths.add(shardsAccount + "/" + s));
      } catch (Exception e) {
        problems.add("cannot list the shard containers of " + account + "/" + container + ": " + e.getMessage());
      }
    }
    for (String path : shardPaths) {
      int slash = path.indexOf('/');
      String shardAccount = path.substring(0, slash);
      String shardContainer = path.substring(slash + 1);
      for (LocalReplica replica : locator.find(shardAccount, shardContainer)) {
        DbFiles files = DbFiles.of(replica);
        if (!files.exists()) {
          continue;
        }
        localShards.add(path);
        try {
          DbFacts newest = facts.facts(files.newest());
          String root = newest.root();
          if (!root.equals(account + "/" + container)) {
            problems.add("shard DB " + files.newest() + " (" + path + ") names root " + root + ", not " + account + "/"
                + container + "; not synced under this mapping");
            continue;
          }
          dbs.addAll(dbsOf(files, newest, account, container, true));
        } catch (IOException e) {
          problems.add("cannot read shard DB " + files.newest() + " of " + account + "/" + container + ": "
              + e.getMessage());
        }
      }
    }
    LOG.debug("{}/{}: root {}, {} shard containers, {} DB files to crawl", account, container, rootState,
        shardPaths.size(), dbs.size());
    return new CrawlPlan(dbs, rootState, List.copyOf(shardPaths), List.copyOf(localShards), problems);
  }

  private List<CrawlDb> dbsOf(DbFiles files, DbFacts newest, String account, String container, boolean sharded)
      throws IOException {
    LocalReplica replica = files.replica();
    java.nio.file.Path retiring = files.retiring();
    if (retiring == null) {
      return List.of(new CrawlDb(replica, files.newest(), newest.info().id(), CrawlDb.Part.ONLY, CleaveCursor.NONE, account, container,
          sharded));
    }
    String retiringId = facts.facts(retiring).info().id();
    CleaveCursor cleaved = newest.cleaveCursor(retiringId);
    return List.of(
        new CrawlDb(replica, retiring, retiringId, CrawlDb.Part.RETIRING, cleaved, account, container, true),
        new CrawlDb(replica, files.newest(), newest.info().id(), CrawlDb.Part.FRESH, CleaveCursor.NONE, account,
            container, true));
  }

  /** Forgets cached facts of files no plan names any more. */
  public void retainOnly(Set<java.nio.file.Path> files) {
    facts.retainOnly(files);
  }

}
