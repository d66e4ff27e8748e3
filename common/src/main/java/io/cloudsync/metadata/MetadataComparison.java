package io.cloudsync.metadata;

import io.cloudsync.swift.ObjectMetadata;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Comparisons between a local Swift object and its remote copy, tolerant of the ways S3 servers
 * return the same value differently (quoted or upper-case ETags, re-spaced content types).
 */
public final class MetadataComparison {
  private MetadataComparison() {}

  /** An ETag without surrounding quotes or whitespace, lower-case; null stays null. */
  public static String normalizeEtag(String etag) {
    if (etag == null) {
      return null;
    }
    String value = etag.strip();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    return value.strip().toLowerCase(Locale.ROOT);
  }

  /** True when both ETags are present and equal once normalised. */
  public static boolean sameEtag(String a, String b) {
    return a != null && b != null && normalizeEtag(a).equals(normalizeEtag(b));
  }

  /**
   * True when the content types are equal ignoring case and whitespace
   * ({@code text/plain;charset=UTF-8} equals {@code text/plain; charset=utf-8}, as S3Proxy
   * re-formats them).
   */
  public static boolean sameContentType(String a, String b) {
    if (a == null || b == null) {
      return a == null && b == null;
    }
    return squeeze(a).equals(squeeze(b));
  }

  /**
   * The user metadata a remote copy of {@code local} carries in Swift terms (see
   * {@link S3UserMetadata.SwiftView#remoteUserMetadata()}): {@code X-Object-Meta-*} keys
   * lower-cased, plus {@code x-object-manifest} for a DLO.
   */
  public static SortedMap<String, String> expectedRemoteUserMetadata(ObjectMetadata local) {
    SortedMap<String, String> expected = new TreeMap<>();
    local.userMetadata().forEach((key, value) -> expected.put(key.toLowerCase(Locale.ROOT), value));
    local.manifest().ifPresent(manifest -> expected.put(S3UserMetadata.OBJECT_MANIFEST, manifest));
    return expected;
  }

  /** True when the remote (unquoted) user metadata is exactly what {@code local} would store. */
  public static boolean sameUserMetadata(ObjectMetadata local, Map<String, String> remoteUserMetadata) {
    return expectedRemoteUserMetadata(local).equals(new TreeMap<>(remoteUserMetadata));
  }

  private static String squeeze(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value.codePoints()
        .filter(c -> !Character.isWhitespace(c))
        .forEach(out::appendCodePoint);
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
