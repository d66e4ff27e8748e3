package io.cloudsync.migrate.run;

/**
 * Which destination containers this node migrates at once: those whose first primary node (index
 * 0 in the container ring) is one of this node's devices. Others wait for
 * {@code verification_slack}, so one node alone still migrates everything.
 */
@FunctionalInterface
public interface ContainerOwnership {
  boolean owns(String account, String container);

  /** Every container is this node's (one node, or a test). */
  ContainerOwnership ALL = (account, container) -> true;
}
