package io.cloudsync.metadata;

import io.cloudsync.swift.ObjectMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Swift object metadata ↔ S3 user metadata, as swift-s3-sync 0.1.24 writes it ({@code s3_sync/utils.py}), so
 * objects written by either tool compare equal.
 *
 * <p>Swift → S3 ({@link #toS3}): {@code X-Object-Meta-<K>} becomes {@code <k>} (lower-cased) with
 * the value {@linkplain PercentQuoting#quote percent-quoted}; a DLO's {@code X-Object-Manifest}
 * becomes {@code x-object-manifest} (quoted); an SLO gets {@code x-static-large-object: True} and
 * {@code swift-slo-etag: <manifest etag>}. The content type is never metadata (it is the S3
 * {@code Content-Type}). Keys are given without the {@code x-amz-meta-} prefix.
 *
 * <p>S3 → Swift ({@link #fromS3}): keys lower-cased, values unquoted (values that are not valid
 * quoting are kept as they are), the bookkeeping keys taken apart.
 */
public final class S3UserMetadata {
  /** DLO manifest header, stored as user metadata (quoted). */
  public static final String OBJECT_MANIFEST = "x-object-manifest";
  /** SLO marker, stored as user metadata with the Swift value {@code True}. */
  public static final String STATIC_LARGE_OBJECT = "x-static-large-object";
  /** The Swift manifest ETag of an SLO, recorded at upload. */
  public static final String SLO_ETAG = "swift-slo-etag";

  private S3UserMetadata() {}

  /** The S3 user metadata (keys without {@code x-amz-meta-}) to store with {@code object}. */
  public static SortedMap<String, String> toS3(ObjectMetadata object) {
    SortedMap<String, String> s3 = new TreeMap<>();
    object.userMetadata().forEach((key, value) -> s3.put(key.toLowerCase(Locale.ROOT), PercentQuoting.quote(value)));
    object.manifest().ifPresent(manifest -> s3.put(OBJECT_MANIFEST, PercentQuoting.quote(manifest)));
    if (object.staticLargeObject()) {
      s3.put(STATIC_LARGE_OBJECT, "True");
      s3.put(SLO_ETAG, object.etag());
    }
    return s3;
  }

  /** Reads S3 user metadata (keys with or without case, without {@code x-amz-meta-}) in Swift terms. */
  public static SwiftView fromS3(Map<String, String> s3) {
    SortedMap<String, String> user = new TreeMap<>();
    String manifest = null;
    String sloEtag = null;
    boolean slo = false;
    for (Map.Entry<String, String> entry : s3.entrySet()) {
      String key = entry.getKey().toLowerCase(Locale.ROOT);
      String value = PercentQuoting.unquote(entry.getValue() == null ? "" : entry.getValue());
      switch (key) {
        case OBJECT_MANIFEST -> manifest = value;
        case STATIC_LARGE_OBJECT -> slo = "true".equalsIgnoreCase(value.strip());
        case SLO_ETAG -> sloEtag = value.strip();
        default -> user.put(key, value);
      }
    }
    return new SwiftView(user, manifest, slo, sloEtag);
  }

  /**
   * The size S3 counts against its 2 KiB user-metadata limit: the UTF-8 bytes of every key and
   * value (without the {@code x-amz-meta-} prefix).
   */
  public static long sizeInBytes(Map<String, String> s3) {
    long size = 0;
    for (Map.Entry<String, String> entry : s3.entrySet()) {
      size += entry.getKey().getBytes(StandardCharsets.UTF_8).length;
      size += entry.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return size;
  }

  /**
   * S3 user metadata read back in Swift terms.
   *
   * @param userMetadata the {@code X-Object-Meta-*} keys (lower-cased) and unquoted values
   * @param objectManifest the DLO {@code X-Object-Manifest} value, or null
   * @param staticLargeObject the object was uploaded from an SLO
   * @param sloEtag the Swift manifest ETag recorded at upload, or null
   */
  public record SwiftView(
      SortedMap<String, String> userMetadata,
      String objectManifest,
      boolean staticLargeObject,
      String sloEtag) {

    public SwiftView {
      userMetadata = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(userMetadata));
    }

    /**
     * The user metadata as {@link io.cloudsync.store.RemoteObject#userMetadata()} carries it: the
     * {@code X-Object-Meta-*} entries plus, for a DLO, {@code x-object-manifest} (RemoteObject has
     * no field of its own for it).
     */
    public SortedMap<String, String> remoteUserMetadata() {
      SortedMap<String, String> all = new TreeMap<>(userMetadata);
      if (objectManifest != null) {
        all.put(OBJECT_MANIFEST, objectManifest);
      }
      return all;
    }
  }
}
