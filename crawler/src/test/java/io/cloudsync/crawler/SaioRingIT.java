package io.cloudsync.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.crawler.hash.HashPath;
import io.cloudsync.crawler.ring.Ring;
import io.cloudsync.crawler.ring.RingDevice;
import io.cloudsync.crawler.support.Python;
import io.cloudsync.testing.Saio;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SAIO's real container ring and swift.conf, read by this module and by Swift itself. */
class SaioRingIT {
  static Saio saio;

  @TempDir
  Path dir;

  @BeforeAll
  static void saio() {
    saio = Saio.get();
  }

  @Test
  void partitionsAndPrimaryNodesMatchSwiftsRing() throws Exception {
    Ring ring = Ring.load(saio.swiftDir().resolve("container.ring.gz"));
    HashPath hash = HashPath.load(saio.swiftDir().resolve("swift.conf"));
    Random random = new Random(11);
    List<String> containers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      containers.add((i % 3 == 0 ? "crawler-\u00e9\u2603-" : "c-") + UUID.nameUUIDFromBytes(new byte[] {(byte) i})
          + (i % 5 == 0 ? " sp%ce?" : "") + random.nextInt(1000));
    }
    Path input = dir.resolve("names.json");
    Files.writeString(input, new ObjectMapper().writeValueAsString(containers), StandardCharsets.UTF_8);
    JsonNode swift = new ObjectMapper().readTree(Python.run("""
        import json, sys
        from swift.common import utils
        utils.set_swift_dir(sys.argv[1])
        from swift.common.ring import Ring
        ring = Ring(sys.argv[1], ring_name='container')
        out = []
        for c in json.load(open(sys.argv[2], encoding='utf-8')):
            part, nodes = ring.get_nodes('AUTH_test', c)
            out.append({'hash': utils.hash_path('AUTH_test', c), 'part': part,
                        'nodes': [[n['id'], n['ip'], n['port'], n['device'], n['index']] for n in nodes]})
        print(json.dumps(out))
        """, saio.swiftDir().toString(), input.toString()));

    for (int i = 0; i < containers.size(); i++) {
      String container = containers.get(i);
      JsonNode expected = swift.get(i);
      byte[] digest = hash.digest("AUTH_test", container);
      assertThat(HashPath.hex(digest)).as(container).isEqualTo(expected.get("hash").asText());
      int partition = ring.partition(digest);
      assertThat(partition).as(container).isEqualTo(expected.get("part").asInt());
      List<List<Object>> nodes = ring.primaryNodes(partition).stream()
          .map(d -> List.<Object>of(d.id(), d.ip(), d.port(), d.device(), d.index())).toList();
      List<List<Object>> expectedNodes = new ArrayList<>();
      expected.get("nodes").forEach(n -> expectedNodes.add(
          List.of(n.get(0).asInt(), n.get(1).asText(), n.get(2).asInt(), n.get(3).asText(), n.get(4).asInt())));
      assertThat(nodes).as(container).isEqualTo(expectedNodes).hasSize(3);
    }
  }

  @Test
  void ringDevicesAreTheContainerServersOfTheConfFiles() throws Exception {
    Ring ring = Ring.load(saio.swiftDir().resolve("container.ring.gz"));
    for (int n = 1; n <= 3; n++) {
      SaioNodes node = SaioNodes.node(saio, n);
      RingDevice device = ring.devices().stream().filter(d -> d.device().equals("sdb" + node.n())).findFirst().orElseThrow();
      assertThat(device.ip()).isEqualTo(node.bindIp()).isEqualTo(saio.bindIp(n));
      assertThat(device.port()).as("container server port of node %d", n).isEqualTo(node.bindPort());
      assertThat(Files.isDirectory(node.devices().resolve(device.device()))).isTrue();
    }
  }
}
