package io.cloudsync.store;

import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.util.Optional;

/**
 * A place objects are copied to: an S3 bucket, a GCS bucket or a remote Swift container. The
 * store owns the naming (S3 hash prefix, custom prefix, remote container), so callers speak only
 * in local Swift paths. Implementations are thread-safe and pool their connections.
 */
public interface RemoteStore extends AutoCloseable {

  /** The remote copy of {@code path}, or empty when there is none. */
  Optional<RemoteObject> head(SwiftPath path) throws StoreException;

  /**
   * Uploads the body with the given metadata. The store verifies the content end to end
   * ({@code Content-MD5} for S3, {@code ETag} for Swift) against {@code metadata.etag()}, so a
   * body that changed while being read is rejected rather than stored.
   */
  void upload(SwiftPath path, ObjectMetadata metadata, BodySource body) throws StoreException;

  /** Replaces the remote metadata and content type without sending the body again. */
  void updateMetadata(SwiftPath path, ObjectMetadata metadata) throws StoreException;

  /** Deletes the remote copy; a missing object is not an error. */
  void delete(SwiftPath path) throws StoreException;

  /**
   * True when the remote copy holds the same data and the same metadata as the local object, so
   * nothing needs to be sent.
   */
  boolean isCurrent(ObjectMetadata local, RemoteObject remote);

  /** True when the remote copy holds the same data (only metadata may differ). */
  boolean hasSameData(ObjectMetadata local, RemoteObject remote);

  /** A short description for log lines, e.g. {@code s3 bucket 'b' at http://127.0.0.1:9000}; never a secret. */
  String describe();

  @Override
  void close();
}
