package io.cloudsync.shunt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveHeadersTest {

  @Test
  void translatesAnS3AnswerForASwiftClient() {
    HttpHeaders swift404 = new DefaultHttpHeaders()
        .add("X-Trans-Id", "tx123").add("X-Openstack-Request-Id", "tx123").add("Content-Length", "70");
    HttpHeaders out = ArchiveHeaders.fromS3(List.of(
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
        Map.entry("Content-Length", "42"),
        Map.entry("Connection", "keep-alive"),
        Map.entry("Transfer-Encoding", "chunked"),
        Map.entry("Server", "Jetty")), swift404);
    assertThat(out.get("Remote-x-amz-id-2")).isEqualTo("id2");
    assertThat(out.get("Remote-x-amz-request-id")).isEqualTo("req");
    assertThat(out.get("Etag")).isEqualTo("0123456789abcdef0123456789abcdef");
    // UTF-8 bytes on the wire, one char per byte, as Swift itself sends metadata
    assertThat(out.get("X-Object-Meta-color")).isEqualTo("bl\u00c3\u00a9u clair");
    assertThat(out.get("X-Object-Meta-odd")).isEqualTo("100%");
    assertThat(out.get("X-Object-Manifest")).isEqualTo("segs/pre fix");
    assertThat(out.contains("X-Object-Meta-swift-slo-etag")).isFalse();
    assertThat(out.contains("X-Static-Large-Object")).isFalse();
    assertThat(out.get("Content-Length")).isEqualTo("42");
    assertThat(out.get("Server")).isEqualTo("Jetty");
    assertThat(out.contains("Connection")).isFalse();
    assertThat(out.contains("Transfer-Encoding")).isFalse();
    assertThat(out.getAll("X-Trans-Id")).containsExactly("tx123");
    assertThat(out.get("X-Openstack-Request-Id")).isEqualTo("tx123");
  }

  @Test
  void multipartEtagMarksAStaticLargeObject() {
    HttpHeaders out = ArchiveHeaders.fromS3(List.of(Map.entry("ETag", "\"0123456789abcdef0123456789abcdef-3\"")), null);
    assertThat(out.get("Etag")).isEqualTo("0123456789abcdef0123456789abcdef-3");
    assertThat(out.get("X-Static-Large-Object")).isEqualTo("True");
    HttpHeaders both = ArchiveHeaders.fromS3(List.of(Map.entry("x-amz-meta-x-static-large-object", "True"),
        Map.entry("ETag", "\"0123456789abcdef0123456789abcdef-3\"")), null);
    assertThat(both.getAll("X-Static-Large-Object")).containsExactly("True");
  }

  @Test
  void theRecordedManifestEtagIsReadApartFromWhatTheClientSees() {
    List<Map.Entry<String, String>> s3 = List.of(Map.entry("X-Amz-Meta-Swift-Slo-Etag", "ABCDEF0123456789abcdef0123456789"),
        Map.entry("x-amz-meta-x-static-large-object", "True"));
    assertThat(ArchiveHeaders.sloEtag(s3)).isEqualTo("abcdef0123456789abcdef0123456789");
    assertThat(ArchiveHeaders.fromS3(s3, null).names()).containsExactly("X-Static-Large-Object");
    assertThat(ArchiveHeaders.sloEtag(List.of(Map.entry("x-amz-meta-colour", "blue")))).isNull();
  }
}
