package io.cloudsync.crawler.ring;

import static io.cloudsync.crawler.support.RingFiles.dev;
import static io.cloudsync.crawler.support.RingFiles.devs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.crawler.support.RingFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RingTest {
  private static final String THREE_DEVS = devs(List.of(
      dev(0, "127.0.0.1", 6211, "sdb1"), dev(1, "127.0.0.2", 6221, "sdb2"), dev(2, "127.0.0.3", 6231, "sdb3")));

  @TempDir
  Path dir;

  @Test
  void readsLittleEndianV1() throws IOException {
    Path file = dir.resolve("container.ring.gz");
    RingFiles.writeV1(file, THREE_DEVS, 10, RingFiles.roundRobin(10, 3, 3), ByteOrder.LITTLE_ENDIAN);

    Ring ring = Ring.load(file);

    assertThat(ring.formatVersion()).isEqualTo(1);
    assertThat(ring.partPower()).isEqualTo(10);
    assertThat(ring.partitionCount()).isEqualTo(1024);
    assertThat(ring.replicaCount()).isEqualTo(3);
    assertThat(ring.devices()).extracting(RingDevice::device).containsExactly("sdb1", "sdb2", "sdb3");
    assertThat(ring.primaryNodes(61)).extracting(RingDevice::id).containsExactly(1, 2, 0);
    assertThat(ring.primaryNodes(61)).extracting(RingDevice::index).containsExactly(0, 1, 2);
    RingDevice first = ring.primaryNodes(61).get(0);
    assertThat(first.ip()).isEqualTo("127.0.0.2");
    assertThat(first.port()).isEqualTo(6221);
    assertThat(first.replicationIp()).isEqualTo("127.0.0.2");
    assertThat(first.replicationPort()).isEqualTo(6221);
    assertThat(first.region()).isEqualTo(1);
    assertThat(first.zone()).isEqualTo(2);
    assertThat(first.weight()).isEqualTo(1.0);
  }

  @Test
  void readsBigEndianV1() throws IOException {
    Path file = dir.resolve("big.ring.gz");
    int[][] rows = {{258, 1, 2, 3}, {3, 258, 1, 2}};
    List<String> entries = new java.util.ArrayList<>();
    for (int i = 0; i < 259; i++) {
      entries.add(dev(i, "10.0.0." + (i % 250), 6201, "d" + i));
    }
    RingFiles.writeV1(file, devs(entries), 2, rows, ByteOrder.BIG_ENDIAN);

    Ring ring = Ring.load(file);

    assertThat(ring.primaryNodes(0)).extracting(RingDevice::id).containsExactly(258, 3);
    assertThat(ring.primaryNodes(1)).extracting(RingDevice::device).containsExactly("d1", "d258");
  }

  @Test
  void shortLastRowMeansFewerNodesForHighPartitions() throws IOException {
    Path file = dir.resolve("fractional.ring.gz");
    int[][] rows = {{0, 1, 2, 0}, {1, 2, 0, 1}, {2, 0}};
    RingFiles.writeV1(file, THREE_DEVS, 2, rows, ByteOrder.LITTLE_ENDIAN);

    Ring ring = Ring.load(file);

    assertThat(ring.replicaCount()).isEqualTo(3);
    assertThat(ring.primaryNodes(1)).extracting(RingDevice::id).containsExactly(1, 2, 0);
    assertThat(ring.primaryNodes(2)).extracting(RingDevice::id).containsExactly(2, 0);
    assertThat(ring.primaryNodes(3)).extracting(RingDevice::index).containsExactly(0, 1);
  }

  @Test
  void dedupesAndSkipsInvalidDeviceIds() throws IOException {
    Path file = dir.resolve("holes.ring.gz");
    String devsWithHole = devs(List.of(dev(0, "127.0.0.1", 6211, "sdb1"), "null", dev(2, "127.0.0.3", 6231, "sdb3")));
    int[][] rows = {{0, 1, 0xFFFF, 7}, {0, 2, 2, 2}, {2, 0, 0, 0}};
    RingFiles.writeV1(file, devsWithHole, 2, rows, ByteOrder.LITTLE_ENDIAN);

    Ring ring = Ring.load(file);

    assertThat(ring.devices()).extracting(RingDevice::id).containsExactly(0, 2);
    assertThat(ring.device(1)).isEmpty();
    // duplicate id 0 listed once
    assertThat(ring.primaryNodes(0)).extracting(RingDevice::id).containsExactly(0, 2);
    // id 1 is a removed device (null)
    assertThat(ring.primaryNodes(1)).extracting(RingDevice::id).containsExactly(2, 0);
    assertThat(ring.primaryNodes(1)).extracting(RingDevice::index).containsExactly(0, 1);
    // 0xFFFF is the builder's "none" placeholder
    assertThat(ring.primaryNodes(2)).extracting(RingDevice::id).containsExactly(2, 0);
    // 7 is out of range
    assertThat(ring.primaryNodes(3)).extracting(RingDevice::id).containsExactly(2, 0);
    assertThatThrownBy(() -> ring.primaryNodes(4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition 4");
  }

  @Test
  void partitionIsTheTopBitsOfTheDigest() throws IOException {
    Path file = dir.resolve("p.ring.gz");
    RingFiles.writeV1(file, THREE_DEVS, 10, RingFiles.roundRobin(10, 3, 3), ByteOrder.LITTLE_ENDIAN);
    Ring ring = Ring.load(file);

    byte[] digest = java.util.HexFormat.of().parseHex("0f65ef68c2db3f0768374d15c9a14cae");
    assertThat(ring.partition(digest)).isEqualTo(61);
    byte[] high = java.util.HexFormat.of().parseHex("ffffffff000000000000000000000000");
    assertThat(ring.partition(high)).isEqualTo(1023);
    assertThatThrownBy(() -> ring.partition(new byte[3])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsPickledRingsClearly() throws IOException {
    Path file = dir.resolve("old.ring.gz");
    RingFiles.gzip(file, new byte[] {(byte) 0x80, 2, '}', 'q', 0, '(', 'U'});

    assertThatThrownBy(() -> Ring.load(file)).isInstanceOf(RingFormatException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("pickled")
        .hasMessageContaining("write_ring");
  }

  @Test
  void rejectsFilesThatAreNotRings() throws IOException {
    Path plain = dir.resolve("plain.ring.gz");
    Files.writeString(plain, "R1NG not gzipped");
    assertThatThrownBy(() -> Ring.load(plain)).isInstanceOf(RingFormatException.class)
        .hasMessageContaining(plain.toString()).hasMessageContaining("not a gzip file");

    Path other = dir.resolve("other.ring.gz");
    RingFiles.gzip(other, "hello world".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> Ring.load(other)).hasMessageContaining("expected magic 'R1NG'");

    Path v9 = dir.resolve("v9.ring.gz");
    RingFiles.gzip(v9, new byte[] {'R', '1', 'N', 'G', 0, 9});
    assertThatThrownBy(() -> Ring.load(v9)).hasMessageContaining("unsupported ring format version 9");

    assertThatThrownBy(() -> Ring.load(dir.resolve("missing.ring.gz"))).isInstanceOf(IOException.class);
  }

  @Test
  void rejectsTruncatedRows() throws IOException {
    Path file = dir.resolve("truncated.ring.gz");
    String json = "{\"byteorder\": \"little\", \"devs\": " + THREE_DEVS + ", \"part_shift\": 30, \"replica_count\": 3}";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(body);
    out.write("R1NG".getBytes(StandardCharsets.US_ASCII));
    out.writeShort(1);
    out.writeInt(json.length());
    out.write(json.getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[8 + 3]); // row 0 complete, row 1 has 3 of 8 bytes
    RingFiles.gzip(file, body.toByteArray());

    assertThatThrownBy(() -> Ring.load(file)).isInstanceOf(RingFormatException.class)
        .hasMessageContaining("truncated replica row 1");
  }

  @Test
  void rejectsBadHeaders() throws IOException {
    Path file = dir.resolve("noshift.ring.gz");
    String json = "{\"devs\": [], \"replica_count\": 3}";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(body);
    out.write("R1NG".getBytes(StandardCharsets.US_ASCII));
    out.writeShort(1);
    out.writeInt(json.length());
    out.write(json.getBytes(StandardCharsets.US_ASCII));
    RingFiles.gzip(file, body.toByteArray());

    assertThatThrownBy(() -> Ring.load(file)).hasMessageContaining("no integer 'part_shift'");
  }
}
