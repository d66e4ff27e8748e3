package io.cloudsync.crawler.locate;

import static io.cloudsync.crawler.support.RingFiles.dev;
import static io.cloudsync.crawler.support.RingFiles.devs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.crawler.ring.RingDevice;
import io.cloudsync.crawler.support.RingFiles;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaLocatorTest {
  private static final String HASH = "0f65ef68c2db3f0768374d15c9a14cae";
  private static final String THREE_NODES = devs(List.of(
      dev(0, "127.0.0.1", 6211, "sdb1"), dev(1, "127.0.0.2", 6221, "sdb2"), dev(2, "127.0.0.3", 6231, "sdb3")));

  @TempDir
  Path swiftDir;
  @TempDir
  Path devices;

  @BeforeEach
  void writeConfAndRing() throws IOException {
    Files.writeString(swiftDir.resolve("swift.conf"),
        "[swift-hash]\nswift_hash_path_prefix = changeme\nswift_hash_path_suffix = changeme\n");
    // partition 61: replica r on device (61 + r) % 3 -> sdb2, sdb3, sdb1
    RingFiles.writeV1(swiftDir.resolve("container.ring.gz"), THREE_NODES, 10, RingFiles.roundRobin(10, 3, 3),
        ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void bindIpAndPortSelectOneNodeOfAnAllInOne() throws IOException {
    ReplicaLocator node2 = new ReplicaLocator(swiftDir, devices, "127.0.0.2", 6221);

    List<LocalReplica> found = node2.find("AUTH_test", "c");

    assertThat(found).hasSize(1);
    LocalReplica replica = found.get(0);
    assertThat(replica.partition()).isEqualTo(61);
    assertThat(replica.hash()).isEqualTo(HASH);
    assertThat(replica.device().device()).isEqualTo("sdb2");
    assertThat(replica.nodeIndex()).isZero();
    assertThat(replica.nodeCount()).isEqualTo(3);
    assertThat(replica.dbFile()).isEqualTo(devices.resolve("sdb2/containers/61/cae/" + HASH + "/" + HASH + ".db"));
    assertThat(replica.pendingFile()).isEqualTo(replica.dbFile().resolveSibling(HASH + ".db.pending"));
    assertThat(replica.exists()).isFalse();

    assertThat(new ReplicaLocator(swiftDir, devices, "127.0.0.3", 6231).find("AUTH_test", "c"))
        .extracting(r -> r.device().device() + "#" + r.nodeIndex()).containsExactly("sdb3#1");
  }

  @Test
  void portMustMatchWhenBothAreSet() throws IOException {
    assertThat(new ReplicaLocator(swiftDir, devices, "127.0.0.2", 6211).find("AUTH_test", "c")).isEmpty();
    assertThat(new ReplicaLocator(swiftDir, devices, "127.0.0.2", null).find("AUTH_test", "c"))
        .extracting(r -> r.device().device()).containsExactly("sdb2");
  }

  @Test
  void withoutBindIpEveryInterfaceAddressCountsAndThePortIsIgnored() throws IOException {
    // 127.0.0.1 is an address of the loopback interface; 127.0.0.2/3 are routed to lo but are not its addresses
    List<LocalReplica> found = new ReplicaLocator(swiftDir, devices, null, 9999).find("AUTH_test", "c");

    assertThat(found).extracting(r -> r.device().ip()).containsExactly("127.0.0.1");
    assertThat(found.get(0).nodeIndex()).isEqualTo(2);
    assertThat(new ReplicaLocator(swiftDir, devices, "0.0.0.0", null).find("AUTH_test", "c"))
        .extracting(r -> r.device().ip()).containsExactly("127.0.0.1");
  }

  @Test
  void everyLocalPrimaryIsReturnedWithItsOwnIndex() throws IOException {
    String sameHost = devs(List.of(
        dev(0, "127.0.0.1", 6211, "sdb1"), dev(1, "127.0.0.1", 6211, "sdb5"), dev(2, "10.255.0.3", 6231, "sdb3")));
    RingFiles.writeV1(swiftDir.resolve("container.ring.gz"), sameHost, 10, RingFiles.roundRobin(10, 3, 3),
        ByteOrder.LITTLE_ENDIAN);

    List<LocalReplica> found = new ReplicaLocator(swiftDir, devices, "127.0.0.1", 6211).find("AUTH_test", "c");

    assertThat(found).extracting(r -> r.device().device() + "#" + r.nodeIndex()).containsExactly("sdb5#0", "sdb1#2");
  }

  @Test
  void existsOnceTheDbIsThereIncludingShardedLayouts() throws IOException {
    LocalReplica replica = new ReplicaLocator(swiftDir, devices, "127.0.0.2", 6221).find("AUTH_test", "c").get(0);
    Files.createDirectories(replica.dbFile().getParent());
    Path epoch = replica.dbFile().resolveSibling(HASH + "_1500000000.00000.db");
    Files.writeString(epoch, "x");
    Files.writeString(replica.dbFile().resolveSibling("other.db"), "x");

    assertThat(replica.exists()).isTrue();
    assertThat(replica.dbFiles()).containsExactly(epoch);
    Files.writeString(replica.dbFile(), "x");
    assertThat(replica.dbFiles()).containsExactly(replica.dbFile(), epoch);
  }

  @Test
  void reloadsTheRingWhenItsMtimeChanges() throws IOException {
    ReplicaLocator locator = new ReplicaLocator(swiftDir, devices, "127.0.0.2", 6221);
    assertThat(locator.find("AUTH_test", "c")).extracting(r -> r.nodeIndex()).containsExactly(0);

    // rebalance: device ids shifted by one replica
    Path ring = swiftDir.resolve("container.ring.gz");
    int[][] rows = RingFiles.roundRobin(10, 3, 3);
    RingFiles.writeV1(ring, THREE_NODES, 10, new int[][] {rows[1], rows[2], rows[0]}, ByteOrder.LITTLE_ENDIAN);
    Files.setLastModifiedTime(ring, FileTime.from(Instant.now().plusSeconds(10)));
    assertThat(locator.find("AUTH_test", "c")).extracting(r -> r.nodeIndex()).containsExactly(2);

    // a broken ring is not used; the last good one stays
    Files.writeString(ring, "garbage");
    Files.setLastModifiedTime(ring, FileTime.from(Instant.now().plusSeconds(20)));
    assertThat(locator.find("AUTH_test", "c")).extracting(r -> r.nodeIndex()).containsExactly(2);
    assertThat(locator.ring().primaryNodes(61)).extracting(RingDevice::device).containsExactly("sdb3", "sdb1", "sdb2");
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    Files.delete(swiftDir.resolve("swift.conf"));
    assertThatThrownBy(() -> new ReplicaLocator(swiftDir, devices, null, null))
        .hasMessageContaining(swiftDir.resolve("swift.conf").toString());
  }
}
