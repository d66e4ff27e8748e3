package io.cloudsync.crawler.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.crawler.support.Python;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares every partition of rings written by Swift's own RingBuilder (fractional replica count,
 * two regions, a removed device) with {@code swift.common.ring.Ring}; and v2 files laid out as
 * Swift's newer {@code RingWriter} writes them.
 */
class RingPythonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Builds container.ring.gz with Swift 2.30's builder and prints Swift's view of it. */
  static final String BUILD = """
      import json, os, sys
      from swift.common import utils
      utils.HASH_PATH_PREFIX = b'pre'
      utils.HASH_PATH_SUFFIX = b'suf'
      from swift.common.ring import RingBuilder, Ring
      d = sys.argv[1]
      b = RingBuilder(8, 2.5, 0)
      for i in range(8):
          b.add_dev({'id': i, 'region': 1 + i % 2, 'zone': i % 4, 'ip': '10.0.%d.%d' % (i % 2, i),
                     'port': 6200 + i, 'device': 'sd' + chr(97 + i), 'weight': 100 + 10 * i,
                     'replication_ip': '192.168.0.%d' % i, 'replication_port': 7000 + i, 'meta': 'm%d' % i})
      b.rebalance(seed=1)
      b.remove_dev(3)
      b.pretend_min_part_hours_passed()
      b.rebalance(seed=2)
      b.get_ring().save(os.path.join(d, 'container.ring.gz'))
      r = Ring(d, ring_name='container')
      parts = [[[n['id'], n['ip'], n['port'], n['device'], n['index'], n['replication_ip'],
                 n['replication_port'], n['region'], n['zone'], n['weight'], n['meta']]
                for n in r.get_part_nodes(p)] for p in range(r.partition_count)]
      print(json.dumps({'parts': parts, 'replica_count': r.replica_count,
                        'devs': [d is not None for d in r.devs]}))
      """;

  /** Rewrites a v1 ring in the v2 layout (sections, sha256 index, trailing offsets). */
  static final String WRITE_V2 = """
      import gzip, hashlib, json, struct, sys, zlib
      from swift.common.ring import RingData
      src, dst, id_bytes, corrupt = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == 'corrupt'
      rd = RingData.load(src)
      with open(dst, 'wb') as raw:
          gz = gzip.GzipFile(dst, mode='wb', fileobj=raw, mtime=1300507380.0)
          gz.write(b'R1NG' + struct.pack('!H', 2))
          gz.flush(zlib.Z_FULL_FLUSH)
          index = {}
          def section(name, data):
              cstart, ustart = raw.tell(), gz.tell()
              blob = struct.pack('!Q', len(data)) + data
              gz.write(blob)
              gz.flush(zlib.Z_FULL_FLUSH)
              digest = hashlib.sha256(blob).hexdigest()
              if corrupt and name == 'swift/ring/devices':
                  digest = hashlib.sha256(b'x').hexdigest()
              index[name] = [cstart, ustart, raw.tell(), gz.tell(), 'sha256', digest]
          rows = rd._replica2part2dev_id
          section('swift/ring/metadata', json.dumps({'part_shift': rd._part_shift, 'dev_id_bytes': id_bytes,
              'replica_count': float(sum(len(r) for r in rows)) / len(rows[0]), 'version': 7}).encode('ascii'))
          section('swift/ring/devices', json.dumps(rd.devs, sort_keys=True).encode('ascii'))
          fmt = 'H' if id_bytes == 2 else 'I'
          section('swift/ring/assignments', b''.join(struct.pack('!%d%s' % (len(r), fmt), *r) for r in rows))
          ustart, cstart = gz.tell(), raw.tell()
          idx = json.dumps(index, sort_keys=True).encode('ascii')
          gz.write(struct.pack('!Q', len(idx)) + idx)
          gz.write(struct.pack('!Q', ustart))
          gz.flush(zlib.Z_FULL_FLUSH)
          gz.write(struct.pack('!Q', cstart))
          gz.flush(zlib.Z_FULL_FLUSH)
          gz.close()
      """;

  @TempDir
  static Path dir;
  static JsonNode swift;

  @BeforeAll
  static void buildRingWithSwift() throws Exception {
    swift = JSON.readTree(Python.run(BUILD, dir.toString()));
  }

  @Test
  void everyPartitionMatchesSwiftForABuilderRing() throws Exception {
    Ring ring = Ring.load(dir.resolve("container.ring.gz"));

    assertThat(ring.replicas()).isEqualTo(swift.get("replica_count").asDouble());
    assertThat(ring.replicas()).isEqualTo(2.5);
    assertThat(ring.replicaCount()).isEqualTo(3);
    assertThat(ring.device(3)).as("removed device 3 is a hole").isEmpty();
    assertThat(swift.get("devs").get(3).asBoolean()).isFalse();
    assertSameNodes(ring, swift.get("parts"));
    // 2.5 replicas: the first half of the partitions has 3 primary nodes, the second half 2
    assertThat(ring.primaryNodes(0)).hasSize(3);
    assertThat(ring.primaryNodes(255)).hasSize(2);
  }

  @Test
  void v2RingsWithTwoAndFourByteIdsMatchTheV1Ring() throws Exception {
    for (int idBytes : new int[] {2, 4}) {
      Path v2 = dir.resolve("v2-" + idBytes + ".ring.gz");
      Python.run(WRITE_V2, dir.resolve("container.ring.gz").toString(), v2.toString(), Integer.toString(idBytes), "ok");

      Ring ring = Ring.load(v2);

      assertThat(ring.formatVersion()).isEqualTo(2);
      assertThat(ring.partPower()).isEqualTo(8);
      assertSameNodes(ring, swift.get("parts"));
    }
  }

  @Test
  void v2SectionWithWrongChecksumIsRejected() throws Exception {
    Path v2 = dir.resolve("corrupt.ring.gz");
    Python.run(WRITE_V2, dir.resolve("container.ring.gz").toString(), v2.toString(), "2", "corrupt");

    assertThatThrownBy(() -> Ring.load(v2)).isInstanceOf(RingFormatException.class)
        .hasMessageContaining(v2.toString()).hasMessageContaining("swift/ring/devices is corrupt");
  }

  static void assertSameNodes(Ring ring, JsonNode parts) {
    assertThat(ring.partitionCount()).isEqualTo(parts.size());
    for (int p = 0; p < parts.size(); p++) {
      List<List<Object>> expected = new ArrayList<>();
      for (JsonNode n : parts.get(p)) {
        expected.add(List.of(n.get(0).asInt(), n.get(1).asText(), n.get(2).asInt(), n.get(3).asText(),
            n.get(4).asInt(), n.get(5).asText(), n.get(6).asInt(), n.get(7).asInt(), n.get(8).asInt(),
            n.get(9).asDouble(), n.get(10).asText()));
      }
      List<List<Object>> actual = ring.primaryNodes(p).stream()
          .map(d -> List.<Object>of(d.id(), d.ip(), d.port(), d.device(), d.index(), d.replicationIp(),
              d.replicationPort(), d.region(), d.zone(), d.weight(), d.meta()))
          .toList();
      assertThat(actual).as("partition %d", p).isEqualTo(expected);
    }
  }
}
