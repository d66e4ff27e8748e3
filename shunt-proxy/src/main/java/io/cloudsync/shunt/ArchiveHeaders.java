package io.cloudsync.shunt;

import io.cloudsync.metadata.PercentQuoting;
import io.cloudsync.metadata.S3UserMetadata;
import io.cloudsync.swift.SwiftNames;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates the headers of an S3 GET/HEAD answer into the headers a Swift client gets for an
 * archived object (UPSTREAM.md §1.6 "S3 → Swift" and §3.3 steps 5-6), with SPEC.md §5's fix:
 * metadata values are percent-unquoted.
 * <ul>
 *   <li>{@code x-amz-meta-<k>} → {@code X-Object-Meta-<k>}, value unquoted;
 *       {@code x-amz-meta-x-object-manifest} → {@code X-Object-Manifest} (unquoted); unquoted values
 *       are sent as UTF-8 bytes, as Swift sends them,
 *       {@code x-amz-meta-x-static-large-object} → {@code X-Static-Large-Object}; cloudsync's
 *       bookkeeping key {@code swift-slo-etag} is dropped (a restore reads it with
 *       {@link #sloEtag});</li>
 *   <li>{@code x-amz-id-2}, {@code x-amz-request-id} → {@code Remote-x-amz-id-2},
 *       {@code Remote-x-amz-request-id};</li>
 *   <li>{@code ETag} loses its quotes; a multipart ETag ({@code <md5>-<parts>}) adds
 *       {@code X-Static-Large-Object: True};</li>
 *   <li>hop-by-hop headers are removed; everything else ({@code Content-Length},
 *       {@code Content-Type}, {@code Content-Range}, {@code Last-Modified}, {@code Accept-Ranges},
 *       {@code Server}, …) passes through;</li>
 *   <li>the local Swift 404's {@code X-Trans-Id} and {@code X-Openstack-Request-Id} are appended.</li>
 * </ul>
 */
public final class ArchiveHeaders {
  /** Removed from remote answers (upstream's list, compared case-insensitively). */
  static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

  private static final String META = "x-amz-meta-";
  private static final Pattern MPU_ETAG = Pattern.compile("[0-9a-fA-F]{32}-\\d+");

  private ArchiveHeaders() {}

  /**
   * @param s3Headers the remote answer's headers, in order (names in any case)
   * @param swiftHeaders the headers of local Swift's 404 (for its transaction ids), or null
   */
  public static HttpHeaders fromS3(Iterable<Map.Entry<String, String>> s3Headers, HttpHeaders swiftHeaders) {
    HttpHeaders out = new DefaultHttpHeaders();
    boolean mpu = false;
    boolean sloHeader = false;
    for (Map.Entry<String, String> header : s3Headers) {
      String name = header.getKey();
      String lower = name.toLowerCase(Locale.ROOT);
      String value = header.getValue() == null ? "" : header.getValue();
      if (HOP_BY_HOP.contains(lower)) {
        continue;
      }
      if (lower.startsWith(META)) {
        String key = lower.substring(META.length());
        switch (key) {
          case S3UserMetadata.OBJECT_MANIFEST -> out.add("X-Object-Manifest", wire(PercentQuoting.unquote(value)));
          case S3UserMetadata.STATIC_LARGE_OBJECT -> {
            out.add("X-Static-Large-Object", value);
            sloHeader = true;
          }
          case S3UserMetadata.SLO_ETAG -> { }
          default -> out.add("X-Object-Meta-" + key, wire(PercentQuoting.unquote(value)));
        }
      } else if (lower.equals("x-amz-id-2") || lower.equals("x-amz-request-id")) {
        out.add("Remote-" + lower, value);
      } else if (lower.equals("etag")) {
        String etag = unquote(value);
        out.add("Etag", etag);
        mpu = MPU_ETAG.matcher(etag).matches();
      } else if (lower.equals("content-length")) {
        out.add("Content-Length", value);
      } else {
        out.add(name, value);
      }
    }
    if (mpu && !sloHeader) {
      out.add("X-Static-Large-Object", "True");
    }
    if (swiftHeaders != null) {
      for (String id : new String[] {"X-Trans-Id", "X-Openstack-Request-Id"}) {
        String value = swiftHeaders.get(id);
        if (value != null) {
          out.add(id, value);
        }
      }
    }
    return out;
  }

  /**
   * The manifest ETag the sync recorded for an archived SLO ({@code x-amz-meta-swift-slo-etag}),
   * or null when the remote answer has none (not an SLO, or written by swift-s3-sync's S3 provider).
   */
  public static String sloEtag(Iterable<Map.Entry<String, String>> s3Headers) {
    for (Map.Entry<String, String> header : s3Headers) {
      if (header.getKey().equalsIgnoreCase(META + S3UserMetadata.SLO_ETAG) && header.getValue() != null) {
        return unquote(PercentQuoting.unquote(header.getValue())).toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  /**
   * A Unicode value as it goes on the wire: its UTF-8 bytes, one char per byte (Netty writes header
   * chars as single bytes, and Swift clients read header values as UTF-8, as Swift sends them).
   */
  static String wire(String value) {
    return SwiftNames.unicodeToHeader(value);
  }

  static String unquote(String etag) {
    String e = etag.strip();
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      return e.substring(1, e.length() - 1);
    }
    return e;
  }
}
