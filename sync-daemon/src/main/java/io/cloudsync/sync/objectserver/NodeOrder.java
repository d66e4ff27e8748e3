package io.cloudsync.sync.objectserver;

import io.cloudsync.crawler.ring.RingDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which an object's primary nodes are asked. Nodes on this daemon's own address
 * ({@code swift_bind_ip}) first: a local read crosses no network. Otherwise the list starts at a
 * position taken from the object's hash, so that the reads of many objects spread over all
 * replicas instead of all landing on each partition's first one.
 */
final class NodeOrder {
  private NodeOrder() {
  }

  /**
   * @param preferredIp the daemon's own address, or null when it listens everywhere
   * @param spread any number derived from the object name (its hash)
   */
  static List<RingDevice> of(List<RingDevice> primaries, String preferredIp, int spread) {
    int n = primaries.size();
    List<RingDevice> local = new ArrayList<>(n);
    List<RingDevice> rest = new ArrayList<>(n);
    int start = n == 0 ? 0 : Math.floorMod(spread, n);
    for (int i = 0; i < n; i++) {
      RingDevice node = primaries.get((start + i) % n);
      (preferredIp != null && preferredIp.equals(node.ip()) ? local : rest).add(node);
    }
    local.addAll(rest);
    return local;
  }
}
