package io.cloudsync.crawler.locate;

import io.cloudsync.crawler.hash.HashPath;
import io.cloudsync.crawler.ring.Ring;
import io.cloudsync.crawler.ring.RingDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the replicas of a container DB that this node holds, as container-crawler does: {@code
 * hash_path(account, container)} gives the partition and the primary devices of the container
 * ring; a device is local when its ip is one of this node's addresses and, when both a bind ip and
 * a bind port are configured, its port is the bind port (several nodes on one host).
 *
 * <p>"This node's addresses" follow Swift's {@code whataremyips(bind_ip)}: every interface address
 * when {@code bindIp} is null or a wildcard ({@code 0.0.0.0}, {@code ::}), otherwise just {@code
 * bindIp}. {@code swift.conf} is read once; {@code container.ring.gz} is reloaded whenever its
 * modification time changes. Thread-safe.
 */
public final class ReplicaLocator {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaLocator.class);

  private final Path devices;
  private final HashPath hashPath;
  private final RingWatcher ring;
  private final Set<String> myAddresses;
  private final Integer requiredPort;
  private final Map<String, List<String>> resolved = new ConcurrentHashMap<>();

  /**
   * @param swiftDir directory with {@code swift.conf} and {@code container.ring.gz}
   * @param devices the container server's {@code devices} directory
   * @param bindIp the container server's bind ip, or null for every local address
   * @param bindPort the container server's bind port, or null; only compared when {@code bindIp}
   *     is set too
   * @throws IOException naming the file when swift.conf or the ring cannot be read
   */
  public ReplicaLocator(Path swiftDir, Path devices, String bindIp, Integer bindPort) throws IOException {
    Objects.requireNonNull(swiftDir, "swiftDir");
    this.devices = Objects.requireNonNull(devices, "devices");
    this.hashPath = HashPath.load(swiftDir.resolve("swift.conf"));
    this.ring = new RingWatcher(swiftDir.resolve("container.ring.gz"));
    this.myAddresses = LocalAddresses.isWildcard(bindIp)
        ? LocalAddresses.interfaceAddresses()
        : Set.copyOf(LocalAddresses.resolve(bindIp));
    if (myAddresses.isEmpty()) {
      LOG.warn("no local address found (bind ip {}); no container DB will be local", bindIp);
    }
    this.requiredPort = bindIp != null && !bindIp.isBlank() ? bindPort : null;
  }

  /** The hash path settings read from swift.conf. */
  public HashPath hashPath() {
    return hashPath;
  }

  /** The current container ring (reloaded if the file changed). */
  public Ring ring() {
    return ring.ring();
  }

  /**
   * The replicas of {@code account/container} on this node, in primary-node order. Usually one;
   * several when the ring puts more than one primary device on this node. The DB files may not
   * exist (see {@link LocalReplica#exists()}).
   */
  public List<LocalReplica> find(String account, String container) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(container, "container");
    Ring current = ring.ring();
    byte[] digest = hashPath.digest(account, container);
    String hash = HashPath.hex(digest);
    int partition = current.partition(digest);
    List<RingDevice> nodes = current.primaryNodes(partition);
    List<LocalReplica> local = new ArrayList<>(1);
    for (RingDevice node : nodes) {
      if (isLocal(node)) {
        local.add(new LocalReplica(account, container, partition, hash, node, node.index(), nodes.size(),
            dbFile(node.device(), partition, hash)));
      }
    }
    LOG.debug("{}/{}: partition {}, nodes {}, local {}", account, container, partition, nodes, local);
    return List.copyOf(local);
  }

  private boolean isLocal(RingDevice node) {
    if (requiredPort != null && node.port() != requiredPort) {
      return false;
    }
    List<String> keys = resolved.computeIfAbsent(node.ip(), LocalAddresses::resolve);
    return keys.stream().anyMatch(myAddresses::contains);
  }

  private Path dbFile(String device, int partition, String hash) {
    return devices.resolve(device).resolve("containers").resolve(Integer.toString(partition))
        .resolve(hash.substring(hash.length() - 3)).resolve(hash).resolve(hash + ".db");
  }
}
