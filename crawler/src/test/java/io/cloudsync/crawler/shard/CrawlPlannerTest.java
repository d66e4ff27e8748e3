package io.cloudsync.crawler.shard;

import static io.cloudsync.crawler.support.RingFiles.dev;
import static io.cloudsync.crawler.support.RingFiles.devs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.crawler.support.Python;
import io.cloudsync.crawler.support.RingFiles;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DB layouts made by Swift's own {@code ContainerBroker} and {@code CleavingContext}: a root in
 * the sharding state (retiring {@code <hash>.db} with a cleaving cursor, fresh
 * {@code <hash>_<epoch>.db}) and its shard DBs, located with the same ring as the root.
 */
class CrawlPlannerTest {
  static final String SHARD0 = "c-0123456789abcdef0123456789abcdef-0000000040.00000-0";
  static final String SHARD1 = "c-0123456789abcdef0123456789abcdef-0000000040.00000-1";

  /** argv: root DB path, shard DB path, the shard's root sysmeta, mode (sharding | sharded). */
  private static final String LAYOUT = """
      import json, os, sys
      from swift.common.utils import Timestamp, ShardRange
      from swift.container.backend import ContainerBroker
      from swift.container.sharder import CleavingContext
      root_path, shard_path, shard_root, mode = sys.argv[1:5]
      t = lambda s: Timestamp(s).internal
      for p in (root_path, shard_path):
          os.makedirs(os.path.dirname(p), exist_ok=True)
      b = ContainerBroker(root_path, account='AUTH_test', container='c')
      b.initialize(t(1), 0)
      for i, n in enumerate('abcdefghij'):
          b.put_object(n, t(10 + i), 1, 'text/plain', 'e')
      b.delete_object('b', t(30))
      b.merge_shard_ranges([
          ShardRange('.shards_AUTH_test/%s' % sys.argv[5], Timestamp(40), lower='', upper='e',
                     state=ShardRange.CLEAVED),
          ShardRange('.shards_AUTH_test/%s' % sys.argv[6], Timestamp(40), lower='e', upper='',
                     state=ShardRange.CREATED)])
      own = b.get_own_shard_range()
      own.update_state(ShardRange.SHARDING, state_timestamp=Timestamp(41))
      own.epoch = Timestamp(41)
      b.merge_shard_ranges([own])
      retiring_id = b.get_info()['id']
      assert b.set_sharding_state()
      ctx = CleavingContext.load(b)
      ctx.range_done('e')
      ctx.store(b)
      b.put_object('k', t(50), 1, 'text/plain', 'e')
      if mode == 'sharded':
          assert b.set_sharded_state()
      s = ContainerBroker(shard_path, account='.shards_AUTH_test', container=sys.argv[5])
      s.initialize(t(42), 0)
      s.set_sharding_sysmeta('Quoted-Root', shard_root)
      s.put_object('a', t(10), 1, 'text/plain', 'e')
      print(json.dumps({'retiring_id': retiring_id, 'fresh_id': b.get_info()['id'], 'state': b.get_db_state(),
                        'shard_id': s.get_info()['id']}))
      """;

  @TempDir
  Path swiftDir;
  @TempDir
  Path devices;
  ReplicaLocator locator;
  CrawlPlanner planner;

  @BeforeEach
  void ring() throws IOException {
    Files.writeString(swiftDir.resolve("swift.conf"),
        "[swift-hash]\nswift_hash_path_prefix = changeme\nswift_hash_path_suffix = changeme\n");
    RingFiles.writeV1(swiftDir.resolve("container.ring.gz"), devs(List.of(dev(0, "127.0.0.1", 6211, "sdb1"),
        dev(1, "127.0.0.2", 6221, "sdb2"), dev(2, "127.0.0.3", 6231, "sdb3"))), 10, RingFiles.roundRobin(10, 3, 3),
        ByteOrder.LITTLE_ENDIAN);
    locator = new ReplicaLocator(swiftDir, devices, "127.0.0.2", 6221);
    planner = new CrawlPlanner(locator, new DbFactsCache(Clock.systemUTC()));
  }

  private JsonNode layout(String shardRoot, String mode) throws IOException {
    LocalReplica root = locator.find("AUTH_test", "c").get(0);
    LocalReplica shard = locator.find(".shards_AUTH_test", SHARD0).get(0);
    return new ObjectMapper().readTree(Python.run(LAYOUT, root.dbFile().toString(), shard.dbFile().toString(),
        shardRoot, mode, SHARD0, SHARD1));
  }

  @Test
  void aShardingRootIsReadThroughBothFilesAndItsShardsUnderTheRootsName() throws IOException {
    JsonNode swift = layout("AUTH_test/c", "sharding");
    assertThat(swift.get("state").asText()).isEqualTo("sharding");

    CrawlPlan plan = planner.plan("AUTH_test", "c", ShardLister.NONE);

    assertThat(plan.problems()).isEmpty();
    assertThat(plan.rootState()).isEqualTo(DbState.SHARDING);
    assertThat(plan.shards()).containsExactly(".shards_AUTH_test/" + SHARD0, ".shards_AUTH_test/" + SHARD1);
    assertThat(plan.localShards()).containsExactly(".shards_AUTH_test/" + SHARD0);
    assertThat(plan.dbs()).extracting(CrawlDb::part, CrawlDb::dbId, CrawlDb::shard).containsExactly(
        org.assertj.core.groups.Tuple.tuple(CrawlDb.Part.RETIRING, swift.get("retiring_id").asText(), false),
        org.assertj.core.groups.Tuple.tuple(CrawlDb.Part.FRESH, swift.get("fresh_id").asText(), false),
        org.assertj.core.groups.Tuple.tuple(CrawlDb.Part.ONLY, swift.get("shard_id").asText(), true));
    CrawlDb retiring = plan.dbs().get(0);
    assertThat(retiring.file().getFileName().toString()).doesNotContain("_");
    assertThat(retiring.handedOver().handedOver("a")).as("cleaved: (, e]").isTrue();
    assertThat(retiring.handedOver().handedOver("e")).isTrue();
    assertThat(retiring.handedOver().handedOver("f")).as("not cleaved yet").isFalse();
    assertThat(plan.dbs().get(1).file().getFileName().toString()).endsWith("_0000000041.00000.db");
    assertThat(plan.dbs()).allMatch(CrawlDb::sharded);
    CrawlDb shard = plan.dbs().get(2);
    assertThat(shard.replica().account()).isEqualTo(".shards_AUTH_test");
    assertThat(shard.replica().container()).isEqualTo(SHARD0);
    assertThat(shard.rootAccount()).isEqualTo("AUTH_test");
    assertThat(shard.rootContainer()).isEqualTo("c");
  }

  @Test
  void aShardedRootIsItsEpochFileAlone() throws IOException {
    layout("AUTH_test/c", "sharded");

    CrawlPlan plan = planner.plan("AUTH_test", "c", ShardLister.NONE);

    assertThat(plan.rootState()).isEqualTo(DbState.SHARDED);
    assertThat(plan.dbs()).extracting(CrawlDb::part).containsExactly(CrawlDb.Part.ONLY, CrawlDb.Part.ONLY);
    assertThat(plan.dbs().get(0).file().getFileName().toString()).contains("_");
  }

  @Test
  void aShardDbNamingAnotherRootIsAProblemNotSynced() throws IOException {
    layout("AUTH_other/c", "sharded");

    CrawlPlan plan = planner.plan("AUTH_test", "c", ShardLister.NONE);

    assertThat(plan.dbs()).extracting(CrawlDb::shard).containsExactly(false);
    assertThat(plan.problems()).singleElement().asString().contains("names root AUTH_other/c");
  }

  @Test
  void withoutALocalRootTheShardsComeFromTheListing() throws IOException {
    layout("AUTH_test/c", "sharded");
    ReplicaLocator elsewhere = new ReplicaLocator(swiftDir, devices, "127.0.0.2", 6221);
    // the root's files gone from this node: only the listing names the shards
    for (Path f : locator.find("AUTH_test", "c").get(0).dbFiles()) {
      Files.delete(f);
    }
    CrawlPlanner p = new CrawlPlanner(elsewhere, new DbFactsCache(Clock.systemUTC()));

    CrawlPlan plan = p.plan("AUTH_test", "c", (account, container) -> List.of(SHARD0, SHARD1));

    assertThat(plan.rootState()).isNull();
    assertThat(plan.dbs()).extracting(d -> d.replica().container()).containsExactly(SHARD0);
    assertThat(plan.sharded()).isTrue();
  }

  @Test
  void shardNamesAndQuotedRoots() {
    assertThat(ShardNames.isShardOf(SHARD0, "c")).isTrue();
    assertThat(ShardNames.isShardOf(SHARD0, "c-0123456789abcdef0123456789abcdef")).isFalse();
    assertThat(ShardNames.isShardOf("c-x-" + SHARD0.substring(2), "c")).isFalse();
    assertThat(ShardNames.rootOf("my-cont-0123456789abcdef0123456789abcdef-1796676509.58284-12")).isEqualTo("my-cont");
    assertThat(ShardNames.rootOf("my-cont-0123456789abcdef0123456789abcdef-1796676509.58284_00000000000000a1-3"))
        .isEqualTo("my-cont");
    assertThat(ShardNames.rootOf("plain")).isNull();
    assertThat(DbFacts.unquote("AUTH_t%C3%A9st/c%2Bd+e%2")).isEqualTo("AUTH_tést/c+d+e%2");
  }
}
