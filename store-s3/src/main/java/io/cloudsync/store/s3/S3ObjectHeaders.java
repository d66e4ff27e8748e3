package io.cloudsync.store.s3;

import io.cloudsync.swift.ObjectHeaders;
import io.cloudsync.swift.ObjectMetadata;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The Swift object headers that are standard S3 object headers too, carried as such:
 * {@code Content-Encoding}, {@code Content-Disposition}, {@code Cache-Control},
 * {@code Content-Language} (printable ASCII values only: S3 signs and stores headers as ASCII).
 * Swift's {@code X-Delete-At} has no per-object S3 counterpart (S3 expires objects by lifecycle
 * rules; the local expiry's tombstone is synced as a delete when {@code propagate_delete} is on),
 * {@code Expires} and {@code X-Robots-Tag} are not carried; a symlink reaches S3 as its target's
 * content. Plain objects only: a large object's multipart upload carries none of them.
 */
final class S3ObjectHeaders {
  static final List<String> CARRIED = List.of(ObjectHeaders.CONTENT_ENCODING, ObjectHeaders.CONTENT_DISPOSITION,
      ObjectHeaders.CACHE_CONTROL, ObjectHeaders.CONTENT_LANGUAGE);

  private S3ObjectHeaders() {
  }

  /** What of {@code local}'s headers an S3 copy carries. */
  static SortedMap<String, String> of(ObjectMetadata local) {
    SortedMap<String, String> out = new TreeMap<>();
    if (local.staticLargeObject() || local.objectManifest() != null) {
      return out;
    }
    for (String name : CARRIED) {
      String value = local.objectHeaders().get(name);
      if (value != null && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
        out.put(name, value);
      }
    }
    return out;
  }

  /** What an S3 HEAD says of them. */
  static SortedMap<String, String> of(HeadObjectResponse response) {
    SortedMap<String, String> out = new TreeMap<>();
    put(out, ObjectHeaders.CONTENT_ENCODING, response.contentEncoding());
    put(out, ObjectHeaders.CONTENT_DISPOSITION, response.contentDisposition());
    put(out, ObjectHeaders.CACHE_CONTROL, response.cacheControl());
    put(out, ObjectHeaders.CONTENT_LANGUAGE, response.contentLanguage());
    return out;
  }

  private static void put(SortedMap<String, String> out, String name, String value) {
    if (value != null && !value.isEmpty()) {
      out.put(name, value);
    }
  }

  static void apply(ObjectMetadata local, PutObjectRequest.Builder request) {
    SortedMap<String, String> h = of(local);
    request.contentEncoding(h.get(ObjectHeaders.CONTENT_ENCODING))
        .contentDisposition(h.get(ObjectHeaders.CONTENT_DISPOSITION))
        .cacheControl(h.get(ObjectHeaders.CACHE_CONTROL))
        .contentLanguage(h.get(ObjectHeaders.CONTENT_LANGUAGE));
  }

  static void apply(ObjectMetadata local, CopyObjectRequest.Builder request) {
    SortedMap<String, String> h = of(local);
    request.contentEncoding(h.get(ObjectHeaders.CONTENT_ENCODING))
        .contentDisposition(h.get(ObjectHeaders.CONTENT_DISPOSITION))
        .cacheControl(h.get(ObjectHeaders.CACHE_CONTROL))
        .contentLanguage(h.get(ObjectHeaders.CONTENT_LANGUAGE));
  }
}
