package io.cloudsync.store;

import io.cloudsync.metadata.MetadataComparison;
import io.cloudsync.swift.ObjectMetadata;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One object as the remote store reports it, translated into Swift terms.
 *
 * @param etag ETag without quotes (an S3 multipart ETag keeps its {@code -N} suffix)
 * @param contentType Content-Type as stored remotely
 * @param size bytes
 * @param userMetadata user metadata with keys lower-cased and values percent-unquoted (i.e. as
 *     Swift would hold them), excluding cloudsync's own bookkeeping keys
 * @param sloEtag the Swift manifest ETag recorded at upload ({@code swift-slo-etag}), or null
 * @param staticLargeObject the object was uploaded from a Swift SLO
 * @param lastModified remote modification time, or null
 * @param dloEtag the Swift ETag of a DLO recorded at upload ({@code swift-dlo-etag}: the MD5 of its
 *     segments' ETags, which is not the MD5 of the body), or null
 * @param timestamp the remote's {@code X-Timestamp} when the store keeps Swift timestamps
 *     (container-sync), else null
 * @param objectHeaders the stored object headers the store keeps ({@link io.cloudsync.swift.ObjectHeaders},
 *     names lower-case, values as Swift holds them): what a store compares them by
 */
public record RemoteObject(
    String etag,
    String contentType,
    long size,
    SortedMap<String, String> userMetadata,
    String sloEtag,
    boolean staticLargeObject,
    Instant lastModified,
    String dloEtag,
    io.cloudsync.swift.SwiftTimestamp timestamp,
    SortedMap<String, String> objectHeaders) {

  public RemoteObject {
    userMetadata = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(userMetadata));
    objectHeaders = java.util.Collections.unmodifiableSortedMap(
        objectHeaders == null ? new TreeMap<>() : new TreeMap<>(objectHeaders));
  }

  /** An object whose store keeps no other object headers. */
  public RemoteObject(String etag, String contentType, long size, SortedMap<String, String> userMetadata,
      String sloEtag, boolean staticLargeObject, Instant lastModified, String dloEtag,
      io.cloudsync.swift.SwiftTimestamp timestamp) {
    this(etag, contentType, size, userMetadata, sloEtag, staticLargeObject, lastModified, dloEtag, timestamp, null);
  }

  /**
   * True when this copy holds {@code local}'s data, by the ETags the sync keeps: for an SLO the
   * manifest ETag recorded at upload ({@link #sloEtag}), for a DLO its Swift ETag recorded at upload
   * ({@link #dloEtag}), for a plain object the copy's own ETag. Every store's
   * {@link RemoteStore#hasSameData} rule.
   */
  public boolean holdsDataOf(ObjectMetadata local) {
    if (local.staticLargeObject()) {
      return MetadataComparison.sameEtag(local.etag(), sloEtag);
    }
    if (local.objectManifest() != null) {
      return MetadataComparison.sameEtag(local.etag(), dloEtag);
    }
    return MetadataComparison.sameEtag(local.etag(), etag);
  }

  /**
   * This copy's metadata in Swift terms with other user metadata: what a metadata-only update
   * writes so that the data and the sync's bookkeeping stay as they are (an SLO keeps its recorded
   * manifest ETag, a DLO its {@code x-object-manifest} and Swift ETag).
   *
   * @param user the new user metadata (keys without {@code X-Object-Meta-})
   * @param newContentType the new content type, or null to keep this copy's
   */
  public ObjectMetadata withUserMetadata(java.util.Map<String, String> user, String newContentType) {
    String manifest = userMetadata.get(io.cloudsync.metadata.S3UserMetadata.OBJECT_MANIFEST);
    String recorded = staticLargeObject ? sloEtag : manifest != null ? dloEtag : null;
    SortedMap<String, String> lower = new TreeMap<>();
    user.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return new ObjectMetadata(recorded != null ? recorded : etag, newContentType != null ? newContentType : contentType,
        size, lower, staticLargeObject, manifest, null);
  }

  /** An object without a kept Swift timestamp. */
  public RemoteObject(String etag, String contentType, long size, SortedMap<String, String> userMetadata,
      String sloEtag, boolean staticLargeObject, Instant lastModified, String dloEtag) {
    this(etag, contentType, size, userMetadata, sloEtag, staticLargeObject, lastModified, dloEtag, null);
  }

  /** An object that is not a DLO copy (no {@code swift-dlo-etag}). */
  public RemoteObject(String etag, String contentType, long size, SortedMap<String, String> userMetadata,
      String sloEtag, boolean staticLargeObject, Instant lastModified) {
    this(etag, contentType, size, userMetadata, sloEtag, staticLargeObject, lastModified, null);
  }
}
