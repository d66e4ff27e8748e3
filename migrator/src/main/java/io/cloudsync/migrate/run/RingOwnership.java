package io.cloudsync.migrate.run;

import io.cloudsync.crawler.locate.ReplicaLocator;

/** {@link ContainerOwnership} from the container ring, as the crawler locates this node's replicas. */
public final class RingOwnership implements ContainerOwnership {
  private final ReplicaLocator locator;

  public RingOwnership(ReplicaLocator locator) {
    this.locator = locator;
  }

  @Override
  public boolean owns(String account, String container) {
    return locator.find(account, container).stream().anyMatch(r -> r.nodeIndex() == 0);
  }

}
