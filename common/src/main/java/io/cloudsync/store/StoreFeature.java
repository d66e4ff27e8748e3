package io.cloudsync.store;

/**
 * Optional abilities a backend declares, so that callers ask instead of assuming one backend's
 * behaviour (as rclone's backends declare their features). A caller that needs one falls back to
 * the plain operations when a backend lacks it.
 */
public enum StoreFeature {
  /** A metadata-only change is made on the server (S3 self-copy, Swift POST): no body is sent. */
  METADATA_UPDATE_WITHOUT_BODY,
  /** Several keys are deleted in one request. */
  MULTI_OBJECT_DELETE,
  /** Listings can be read in descending name order (Swift's {@code reverse=true}). */
  REVERSE_LISTING,
  /**
   * The reader can hand out a plain HTTP GET for an object ({@link RemoteReader#directGet}) that
   * the caller sends on its own connection and relays without copying.
   */
  DIRECT_GET,
  /**
   * Swift symlinks are kept as symlinks ({@code X-Symlink-Target*} headers of an empty object, read
   * locally with {@code ?symlink=get}); a store without it receives a symlink's target content.
   */
  SYMLINKS
}
