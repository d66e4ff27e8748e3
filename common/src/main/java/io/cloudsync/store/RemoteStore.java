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

  /**
   * Uploads a Static or Dynamic Large Object ({@code metadata.staticLargeObject()} or
   * {@code metadata.objectManifest() != null}) as one remote object holding its whole content,
   * read from {@code body} in byte ranges and verified piece by piece; for an SLO the store also
   * keeps a copy of the manifest ({@link LargeBody#manifestJson()}). The remote copy records the
   * Swift ETag of the large object, so {@link #isCurrent} recognises it on any node later. Nothing
   * is left behind when it fails (an S3 multipart upload is aborted).
   */
  void uploadLargeObject(SwiftPath path, ObjectMetadata metadata, LargeBody body) throws StoreException;

  /**
   * Replaces the metadata of a large object's remote copy without reading local data again (S3:
   * a multipart self-copy with the same part layout, so the ETag stays the same).
   *
   * @param remote the copy as {@link #head} just reported it; the copy fails rather than mixing
   *     data when the remote object changes meanwhile
   * @param body the local content; only its layout ({@link LargeBody#length()},
   *     {@link LargeBody#pieces()}) is used
   */
  void updateLargeObjectMetadata(SwiftPath path, ObjectMetadata metadata, RemoteObject remote, LargeBody body)
      throws StoreException;

  /**
   * The ETags of every remote copy of the container {@code account/container} as one listing shows
   * them, or empty when it holds more than {@code maxKeys} copies (reading further would not pay)
   * or this store cannot list. Costs one request per 1,000 copies on S3.
   */
  default java.util.Optional<ListedEtags> listEtags(String account, String container, long maxKeys)
      throws StoreException {
    return java.util.Optional.empty();
  }

  /**
   * One cheap request that fails as the mapping's requests would when the target is missing,
   * refuses the credentials or cannot be reached (a {@link StoreException} whose
   * {@link StoreException#affectsWholeMapping()} is true). Stores that cannot tell do nothing.
   */
  default void probe() throws StoreException {
  }

  /**
   * Replaces the user metadata of the remote copy as it stands (and its content type when
   * {@code contentType} is not null), keeping its data and the store's own bookkeeping (large-object
   * ETags and markers): a Swift {@code POST} to an archived object, sent through the shunt. By default
   * a {@link #head} and an {@link #updateMetadata} with {@link RemoteObject#withUserMetadata}.
   *
   * @param userMetadata the new {@code X-Object-Meta-*} keys (without the prefix) and values, as
   *     Swift holds them (Unicode, unquoted); replaces every earlier one, as a Swift POST does
   * @return false when there is no remote copy (nothing changed)
   */
  default boolean replaceMetadata(SwiftPath path, java.util.Map<String, String> userMetadata, String contentType)
      throws StoreException {
    Optional<RemoteObject> remote = head(path);
    if (remote.isEmpty()) {
      return false;
    }
    updateMetadata(path, remote.get().withUserMetadata(userMetadata, contentType));
    return true;
  }

  /**
   * Aborts the multipart uploads a crash left behind under the container's keys: those initiated
   * before {@code initiatedBefore} (the process start: none of them can still be running here) whose
   * object name {@code mine} accepts (rows this node owns, so another node's upload in progress is
   * left alone). Returns how many were aborted. Stores without such uploads do nothing.
   */
  default int abortStaleUploads(String account, String container, java.time.Instant initiatedBefore,
      java.util.function.Predicate<String> mine) throws StoreException {
    return 0;
  }

  /** Deletes the remote copy; a missing object is not an error. */
  void delete(SwiftPath path) throws StoreException;

  /**
   * Deletes the remote copy as of {@code when}, the tombstone's time: a store that keeps Swift
   * timestamps (container-sync) sends it, so a newer remote write survives the delete. By default
   * {@link #delete(SwiftPath)}.
   */
  default void delete(SwiftPath path, io.cloudsync.swift.SwiftTimestamp when) throws StoreException {
    delete(path);
  }

  /**
   * True when {@code remote} is known to hold the write of a row whose newest time is
   * {@code rowTime}, or a newer one, without asking local Swift: only stores that keep Swift's
   * {@code X-Timestamp} can tell (container-sync: remote {@code X-Timestamp >= rowTime}, last writer
   * wins). By default false.
   */
  default boolean holdsWriteOf(RemoteObject remote, io.cloudsync.swift.SwiftTimestamp rowTime) {
    return false;
  }

  /**
   * True when the remote copy holds the same data and the same metadata as the local object, so
   * nothing needs to be sent.
   */
  boolean isCurrent(ObjectMetadata local, RemoteObject remote);

  /**
   * True when the remote copy holds the same data (only metadata may differ): by default
   * {@link RemoteObject#holdsDataOf}, the ETags the sync records for large objects.
   */
  default boolean hasSameData(ObjectMetadata local, RemoteObject remote) {
    return remote.holdsDataOf(local);
  }

  /**
   * {@link #hasSameData} for a large object, with its layout at hand: a store may recognise a copy
   * that predates its bookkeeping (S3: an SLO written by swift-s3-sync, whose multipart ETag is
   * derived from the segment MD5s but which has no {@code swift-slo-etag}). Reads no data.
   */
  default boolean hasSameLargeObjectData(ObjectMetadata local, RemoteObject remote, LargeBody body) {
    return hasSameData(local, remote);
  }

  /** What this backend can do beyond the operations every store has. */
  default java.util.Set<StoreFeature> features() {
    return java.util.Set.of();
  }

  /**
   * Threads (and internal-proxy connections) one large-object transfer of this store may use to
   * read segments in parallel, so callers size their pools from it.
   */
  default int partThreads() {
    return 1;
  }

  /** A short description for log lines, e.g. {@code s3 bucket 'b' at http://127.0.0.1:9000}; never a secret. */
  String describe();

  @Override
  void close();
}
