package io.cloudsync.store;

import io.cloudsync.swift.SwiftPath;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An independent client of one backend bound to one bucket (or remote container): what the
 * contracts check the store's work with, without going through the store. Each backend implements
 * it with a plain client of its own (for S3 the AWS SDK's {@code S3Client}) and states its own
 * expectations here: where a path's copy lives, its limits, and the words its errors carry.
 */
public abstract class StoreInspector {

  /** Why a store call fails, for {@link #messageWords}. */
  public enum Failure {
    /** The body differs from the ETag (MD5) it was declared with. */
    BAD_DIGEST,
    /** The credentials are refused. */
    WRONG_SECRET,
    /** The bucket or remote container does not exist. */
    MISSING_BUCKET,
    /** The name's key is one byte over {@link #maxKeyBytes()}. */
    KEY_TOO_LONG,
    /** The metadata is {@link #oversizedMetadata()}. */
    METADATA_TOO_LARGE
  }

  /** Creates the bucket. */
  public abstract void createBucket();

  /** Deletes every object, then the bucket (where the server lets it). */
  public abstract void removeBucket();

  /** The raw key (or remote object name) the store is expected to keep {@code path}'s copy under. */
  public abstract String expectedKey(SwiftPath path);

  /** The raw key of {@code path}'s SLO manifest copy, where this backend keeps one. */
  public abstract Optional<String> manifestKey(SwiftPath path);

  /** Every key in the bucket, in listing order. */
  public abstract List<String> keys();

  /** The object at a raw key, or empty when there is none. */
  public abstract Optional<StoredObject> stat(String key);

  /** The body at a raw key. */
  public abstract byte[] read(String key);

  /** Writes a foreign object (not through the store) at a raw key. */
  public abstract void putForeign(String key, byte[] body);

  /** Keys of uploads begun and never completed nor aborted (S3 multipart uploads), which cost money. */
  public abstract List<String> unfinishedUploads();

  /** The longest key, in UTF-8 bytes, this backend stores. */
  public abstract int maxKeyBytes();

  /** User metadata that is too large for this backend, though each key and value is short enough for Swift. */
  public abstract Map<String, String> oversizedMetadata();

  /** Words the store's message carries for {@code failure} (the server's error code, a size). */
  public abstract List<String> messageWords(Failure failure);

  /**
   * A bucket beside {@code bucket} that does not exist and that a store cannot create either: for
   * S3 {@code <bucket>-missing}. A backend whose store creates its container on first use (Swift)
   * names one its server refuses to create, so that a store of it fails as for a missing bucket.
   */
  public String missingBucket(String bucket) {
    return bucket + "-missing";
  }

  public final boolean exists(SwiftPath path) {
    return stat(expectedKey(path)).isPresent();
  }

  public final StoredObject stat(SwiftPath path) {
    String key = expectedKey(path);
    return stat(key).orElseThrow(() -> new AssertionError("no object at '" + key + "' for " + path));
  }

  public final byte[] read(SwiftPath path) {
    return read(expectedKey(path));
  }
}
