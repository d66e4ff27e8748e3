package io.cloudsync.sync.objectserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.crawler.ring.RingDevice;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeOrderTest {
  static final List<RingDevice> PRIMARIES = List.of(node(0, "10.0.0.1"), node(1, "10.0.0.2"), node(2, "10.0.0.3"));

  @Test
  void theDaemonsOwnNodeComesFirst() {
    for (int spread = 0; spread < 6; spread++) {
      List<RingDevice> order = NodeOrder.of(PRIMARIES, "10.0.0.2", spread);
      assertThat(order.get(0).ip()).isEqualTo("10.0.0.2");
      assertThat(order).containsExactlyInAnyOrderElementsOf(PRIMARIES);
    }
  }

  @Test
  void withoutAnOwnNodeTheFirstOneAskedDependsOnTheObject() {
    Set<String> firsts = new HashSet<>();
    for (int spread = -3; spread < 3; spread++) {
      List<RingDevice> order = NodeOrder.of(PRIMARIES, null, spread);
      assertThat(order).containsExactlyInAnyOrderElementsOf(PRIMARIES);
      firsts.add(order.get(0).ip());
    }
    assertThat(firsts).hasSize(3);
    assertThat(NodeOrder.of(PRIMARIES, "192.168.1.1", 1)).extracting(RingDevice::ip)
        .containsExactly("10.0.0.2", "10.0.0.3", "10.0.0.1");
  }

  @Test
  void noPrimariesNoNodes() {
    assertThat(NodeOrder.of(List.of(), "10.0.0.1", 7)).isEmpty();
  }

  private static RingDevice node(int index, String ip) {
    return new RingDevice(index, 1, index, ip, 6200, ip, 6200, "sdb" + index, 1.0, "", index);
  }
}
