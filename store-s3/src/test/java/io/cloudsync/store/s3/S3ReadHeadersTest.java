package io.cloudsync.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class S3ReadHeadersTest {

  @Test
  void translatesAnS3AnswerForASwiftClient() {
    List<Map.Entry<String, String>> out = S3ReadHeaders.toSwift(List.of(
        Map.entry("x-amz-id-2", "id2"),
        Map.entry("x-amz-request-id", "req"),
        Map.entry("Date", "Sun, 22 Nov 2026 02:00:00 GMT"),
        Map.entry("Last-Modified", "Sun, 22 Nov 2026 01:00:00 GMT"),
        Map.entry("ETag", "\"0123456789abcdef0123456789abcdef\""),
        Map.entry("x-amz-meta-color", "bl%C3%A9u%20clair"),
        Map.entry("x-amz-meta-Odd", "100%"),
        Map.entry("x-amz-meta-x-object-manifest", "segs/pre%20fix"),
        Map.entry("x-amz-meta-swift-slo-etag", "abc"),
        Map.entry("Accept-Ranges", "bytes"),
        Map.entry("Content-Type", "text/plain"),
        Map.entry("content-length", "42"),
        Map.entry("Server", "Jetty")));
    Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    out.forEach(h -> byName.put(h.getKey(), h.getValue()));
    assertThat(byName.get("Remote-x-amz-id-2")).isEqualTo("id2");
    assertThat(byName.get("Remote-x-amz-request-id")).isEqualTo("req");
    assertThat(byName.get("Etag")).isEqualTo("0123456789abcdef0123456789abcdef");
    // UTF-8 bytes on the wire, one char per byte, as Swift itself sends metadata
    assertThat(byName.get("X-Object-Meta-color")).isEqualTo("bl\u00c3\u00a9u clair");
    assertThat(byName.get("X-Object-Meta-odd")).isEqualTo("100%");
    assertThat(byName.get("X-Object-Manifest")).isEqualTo("segs/pre fix");
    assertThat(byName).doesNotContainKey("X-Object-Meta-swift-slo-etag").doesNotContainKey("X-Static-Large-Object")
        .doesNotContainKey("x-amz-id-2");
    assertThat(out).contains(Map.entry("Content-Length", "42"), Map.entry("Server", "Jetty"),
        Map.entry("Content-Type", "text/plain"), Map.entry("Last-Modified", "Sun, 22 Nov 2026 01:00:00 GMT"));
  }

  @Test
  void multipartEtagMarksAStaticLargeObject() {
    assertThat(S3ReadHeaders.toSwift(List.of(Map.entry("ETag", "\"0123456789abcdef0123456789abcdef-3\""))))
        .containsExactly(Map.entry("Etag", "0123456789abcdef0123456789abcdef-3"),
            Map.entry("X-Static-Large-Object", "True"));
    assertThat(S3ReadHeaders.toSwift(List.of(Map.entry("x-amz-meta-x-static-large-object", "True"),
        Map.entry("ETag", "\"0123456789abcdef0123456789abcdef-3\""))))
        .filteredOn(h -> h.getKey().equals("X-Static-Large-Object")).hasSize(1);
  }

  @Test
  void theRecordedManifestEtagIsReadApartFromWhatTheClientSees() {
    List<Map.Entry<String, String>> s3 = List.of(Map.entry("X-Amz-Meta-Swift-Slo-Etag", "ABCDEF0123456789abcdef0123456789"),
        Map.entry("x-amz-meta-x-static-large-object", "True"));
    assertThat(S3ReadHeaders.sloEtag(s3)).isEqualTo("abcdef0123456789abcdef0123456789");
    assertThat(S3ReadHeaders.toSwift(s3)).containsExactly(Map.entry("X-Static-Large-Object", "True"));
    assertThat(S3ReadHeaders.sloEtag(List.of(Map.entry("x-amz-meta-colour", "blue")))).isNull();
  }
}
