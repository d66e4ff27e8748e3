package io.cloudsync.migrate.run;

import io.cloudsync.crawler.locate.ReplicaLocator;
import java.io.IOException;
import java.nio.file.Path;

/** {@link ContainerOwnership} from the container ring, as the crawler locates this node's replicas. */
public final class RingOwnership implements ContainerOwnership {
  private final ReplicaLocator locator;

  /** @throws IOException naming the file when swift.conf or the container ring cannot be read */
  public RingOwnership(Path swiftDir, Path devices, String bindIp, Integer bindPort) throws IOException {
    this.locator = new ReplicaLocator(swiftDir, devices, bindIp, bindPort);
  }

  @Override
  public boolean owns(String account, String container) {
    return locator.find(account, container).stream().anyMatch(r -> r.nodeIndex() == 0);
  }

}
