package io.cloudsync.store.s3;

import io.cloudsync.metadata.PercentQuoting;
import io.cloudsync.metadata.S3UserMetadata;
import io.cloudsync.swift.SwiftNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The headers of an S3 GET/HEAD answer as a Swift client gets them for an archived object, as
 * swift-s3-sync's shunt translated them ({@code s3_sync/shunt.py}, {@code utils.py}), except that
 * metadata values are percent-unquoted (upstream returned {@code a%20b} for {@code a b}):
 * <ul>
 *   <li>{@code x-amz-meta-<k>} → {@code X-Object-Meta-<k>}, value unquoted and sent as UTF-8 bytes,
 *       as Swift sends them; {@code x-amz-meta-x-object-manifest} → {@code X-Object-Manifest};
 *       {@code x-amz-meta-x-static-large-object} → {@code X-Static-Large-Object}; cloudsync's
 *       bookkeeping key {@code swift-slo-etag} is dropped (see {@link #sloEtag});</li>
 *   <li>{@code x-amz-id-2}, {@code x-amz-request-id} → {@code Remote-x-amz-id-2},
 *       {@code Remote-x-amz-request-id};</li>
 *   <li>{@code ETag} loses its quotes; a multipart ETag ({@code <md5>-<parts>}) adds
 *       {@code X-Static-Large-Object: True};</li>
 *   <li>everything else ({@code Content-Length}, {@code Content-Type}, {@code Content-Range},
 *       {@code Last-Modified}, {@code Accept-Ranges}, {@code Server}, hop-by-hop headers, which the
 *       caller drops) passes through.</li>
 * </ul>
 */
final class S3ReadHeaders {
  private static final String META = "x-amz-meta-";
  private static final Pattern MPU_ETAG = Pattern.compile("[0-9a-fA-F]{32}-\\d+");

  private S3ReadHeaders() {}

  /** @param s3Headers the S3 answer's headers, in order (names in any case) */
  static List<Map.Entry<String, String>> toSwift(List<Map.Entry<String, String>> s3Headers) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    boolean mpu = false;
    boolean sloHeader = false;
    for (Map.Entry<String, String> header : s3Headers) {
      String name = header.getKey();
      String lower = name.toLowerCase(Locale.ROOT);
      String value = header.getValue() == null ? "" : header.getValue();
      if (lower.startsWith(META)) {
        String key = lower.substring(META.length());
        switch (key) {
          case S3UserMetadata.OBJECT_MANIFEST -> out.add(Map.entry("X-Object-Manifest", wire(value)));
          case S3UserMetadata.STATIC_LARGE_OBJECT -> {
            out.add(Map.entry("X-Static-Large-Object", value));
            sloHeader = true;
          }
          case S3UserMetadata.SLO_ETAG -> { }
          default -> out.add(Map.entry("X-Object-Meta-" + key, wire(value)));
        }
      } else if (lower.equals("x-amz-id-2") || lower.equals("x-amz-request-id")) {
        out.add(Map.entry("Remote-" + lower, value));
      } else if (lower.equals("etag")) {
        String etag = unquote(value);
        out.add(Map.entry("Etag", etag));
        mpu = MPU_ETAG.matcher(etag).matches();
      } else if (lower.equals("content-length")) {
        out.add(Map.entry("Content-Length", value));
      } else {
        out.add(Map.entry(name, value));
      }
    }
    if (mpu && !sloHeader) {
      out.add(Map.entry("X-Static-Large-Object", "True"));
    }
    return out;
  }

  /**
   * The manifest ETag the sync recorded for an archived SLO ({@code x-amz-meta-swift-slo-etag}),
   * lower case, or null when the answer has none (not an SLO, or written by swift-s3-sync's S3
   * provider).
   */
  static String sloEtag(List<Map.Entry<String, String>> s3Headers) {
    for (Map.Entry<String, String> header : s3Headers) {
      if (header.getKey().equalsIgnoreCase(META + S3UserMetadata.SLO_ETAG) && header.getValue() != null) {
        return unquote(PercentQuoting.unquote(header.getValue())).toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  /** An unquoted metadata value as it goes on the wire: its UTF-8 bytes, one char per byte. */
  private static String wire(String quoted) {
    return SwiftNames.unicodeToHeader(PercentQuoting.unquote(quoted));
  }

  private static String unquote(String etag) {
    String e = etag.strip();
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      return e.substring(1, e.length() - 1);
    }
    return e;
  }
}
