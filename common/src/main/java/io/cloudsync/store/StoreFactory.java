package io.cloudsync.store;

import java.util.List;

/**
 * Builds the backend a {@link RemoteTarget} names: its write side for the daemon, its read side
 * for the shunt, and the account-level check of {@code verify}. The daemon, the shunt and the
 * command line see only this interface and the store types of this package; the implementation
 * (module {@code store-backends}) is the one place that knows every backend, with an exhaustive
 * switch over the protocol, so a new protocol does not compile until each case is handled.
 */
public interface StoreFactory {

  /**
   * The write side of {@code target}.
   *
   * @throws UnsupportedTargetException when this version has no such backend
   * @throws IllegalArgumentException when the target's values cannot work (an endpoint that is not
   *     an http(s) URL)
   */
  RemoteStore store(RemoteTarget target) throws UnsupportedTargetException;

  /** The read side of {@code target}; same failures as {@link #store}. */
  RemoteReader reader(RemoteTarget target) throws UnsupportedTargetException;

  /**
   * The buckets (containers) the target's credentials can see; {@code target.bucket()} is not
   * used. {@code verify} without a bucket checks credentials with it.
   */
  List<String> buckets(RemoteTarget target) throws UnsupportedTargetException, StoreException;

  /**
   * The write side of a container synced the Swift way ({@code X-Container-Sync-To}, top-level
   * {@code sync_to_header}): requests authenticated by the container's sync key, timestamps kept.
   *
   * @throws UnsupportedTargetException when this build has no remote Swift backend
   */
  default RemoteStore containerSyncStore(ContainerSyncTarget target) throws UnsupportedTargetException {
    throw new UnsupportedTargetException("container-sync targets (X-Container-Sync-To) are not supported by this"
        + " build");
  }
}
