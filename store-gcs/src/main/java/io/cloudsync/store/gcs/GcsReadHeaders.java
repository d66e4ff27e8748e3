package io.cloudsync.store.gcs;

import com.google.cloud.storage.BlobInfo;
import io.cloudsync.metadata.S3UserMetadata;
import io.cloudsync.swift.SwiftNames;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * An archived object's resource as the headers a Swift client gets for it, as the S3 reader
 * answers: {@code Etag} (the MD5 in hex), {@code Content-Type}, {@code Content-Length},
 * {@code Last-Modified}, {@code Accept-Ranges}, custom metadata as {@code X-Object-Meta-*}
 * (unquoted, sent as UTF-8 bytes), {@code X-Object-Manifest} and {@code X-Static-Large-Object};
 * the sync's bookkeeping ({@code swift-slo-etag}, {@code swift-dlo-etag}) stays out.
 */
final class GcsReadHeaders {
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private GcsReadHeaders() {}

  /** The headers of a 200 (range null) or 206 answer; without the length ones when {@code forNotModified}. */
  static List<Map.Entry<String, String>> of(BlobInfo blob, GcsRange range, boolean forNotModified) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    long size = blob.getSize() == null ? 0 : blob.getSize();
    out.add(Map.entry("Etag", GcsObjects.etag(blob)));
    Instant modified = GcsObjects.lastModified(blob);
    if (modified != null) {
      out.add(Map.entry("Last-Modified", HTTP_DATE.format(modified)));
    }
    if (forNotModified) {
      return out;
    }
    out.add(Map.entry("Content-Type", blob.getContentType() == null ? "application/octet-stream"
        : blob.getContentType()));
    out.add(Map.entry("Accept-Ranges", "bytes"));
    if (range == null) {
      out.add(Map.entry("Content-Length", Long.toString(size)));
    } else {
      out.add(Map.entry("Content-Length", Long.toString(range.length())));
      out.add(Map.entry("Content-Range", range.contentRange(size)));
    }
    S3UserMetadata.SwiftView view = view(blob);
    view.userMetadata().forEach((k, v) -> out.add(Map.entry("X-Object-Meta-" + k, SwiftNames.unicodeToHeader(v))));
    if (view.objectManifest() != null) {
      out.add(Map.entry("X-Object-Manifest", SwiftNames.unicodeToHeader(view.objectManifest())));
    }
    if (view.staticLargeObject()) {
      out.add(Map.entry("X-Static-Large-Object", "True"));
    }
    return out;
  }

  /** The manifest ETag the sync recorded for an archived SLO, lower case, or null. */
  static String sloEtag(BlobInfo blob) {
    String etag = view(blob).sloEtag();
    return etag == null || etag.isEmpty() ? null : etag.replace("\"", "").toLowerCase(Locale.ROOT);
  }

  private static S3UserMetadata.SwiftView view(BlobInfo blob) {
    SortedMap<String, String> custom = GcsObjects.storedMetadata(blob);
    custom.remove(GcsObjects.DLO_ETAG);
    return S3UserMetadata.fromS3(custom);
  }
}
