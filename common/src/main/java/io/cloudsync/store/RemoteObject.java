package io.cloudsync.store;

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
 */
public record RemoteObject(
    String etag,
    String contentType,
    long size,
    SortedMap<String, String> userMetadata,
    String sloEtag,
    boolean staticLargeObject,
    Instant lastModified) {

  public RemoteObject {
    userMetadata = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(userMetadata));
  }
}
