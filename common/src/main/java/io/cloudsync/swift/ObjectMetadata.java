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
 */
public record ObjectMetadata(
    String etag,
    String contentType,
    long contentLength,
    SortedMap<String, String> userMetadata,
    boolean staticLargeObject,
    String objectManifest,
    SwiftTimestamp timestamp) {

  public ObjectMetadata {
    Objects.requireNonNull(etag, "etag");
    contentType = contentType == null ? "application/octet-stream" : contentType;
    userMetadata = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(userMetadata));
  }

  public static ObjectMetadata simple(String etag, String contentType, long contentLength,
      Map<String, String> userMetadata) {
    return new ObjectMetadata(etag, contentType, contentLength, new TreeMap<>(userMetadata), false, null, null);
  }

  public Optional<String> manifest() {
    return Optional.ofNullable(objectManifest);
  }
}
