package io.cloudsync.swift;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What Swift says about one object, in Swift's own terms: the answer to a HEAD on the internal
 * proxy, or the remote object translated back into Swift terms for comparison.
 *
 * @param etag lower-case hex MD5 without quotes (for an SLO read raw: the manifest's own ETag)
 * @param contentType the Content-Type, without any {@code ;swift_bytes=} parameter
 * @param contentLength bytes of the body as the internal proxy serves it
 * @param userMetadata {@code X-Object-Meta-<key>} headers: key lower-cased without the prefix,
 *     value as Swift stores it (Unicode text, never percent-quoted)
 * @param staticLargeObject true when {@code X-Static-Large-Object: True}
 * @param objectManifest the DLO {@code X-Object-Manifest} value, or null
 * @param timestamp {@code X-Timestamp}, or null when unknown
 * @param objectHeaders the other headers Swift stores with the object ({@link ObjectHeaders}:
 *     {@code Content-Encoding}, {@code Content-Disposition}, {@code X-Delete-At}, …, and a symlink's
 *     {@code X-Symlink-Target*} when read with {@code ?symlink=get}), names lower-case
 */
public record ObjectMetadata(
    String etag,
    String contentType,
    long contentLength,
    SortedMap<String, String> userMetadata,
    boolean staticLargeObject,
    String objectManifest,
    SwiftTimestamp timestamp,
    SortedMap<String, String> objectHeaders) {

  public ObjectMetadata {
    Objects.requireNonNull(etag, "etag");
    contentType = contentType == null ? "application/octet-stream" : contentType;
    userMetadata = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(userMetadata));
    objectHeaders = objectHeaders == null ? ObjectHeaders.of(Map.of()) : ObjectHeaders.of(objectHeaders);
  }

  /** An object with no other stored headers. */
  public ObjectMetadata(String etag, String contentType, long contentLength, SortedMap<String, String> userMetadata,
      boolean staticLargeObject, String objectManifest, SwiftTimestamp timestamp) {
    this(etag, contentType, contentLength, userMetadata, staticLargeObject, objectManifest, timestamp, null);
  }

  /** True when this is a symlink read as one ({@code ?symlink=get}): it carries {@code X-Symlink-Target}. */
  public boolean symlink() {
    return objectHeaders.containsKey(ObjectHeaders.SYMLINK_TARGET);
  }

  public static ObjectMetadata simple(String etag, String contentType, long contentLength,
      Map<String, String> userMetadata) {
    return new ObjectMetadata(etag, contentType, contentLength, new TreeMap<>(userMetadata), false, null, null);
  }

  public Optional<String> manifest() {
    return Optional.ofNullable(objectManifest);
  }
}
