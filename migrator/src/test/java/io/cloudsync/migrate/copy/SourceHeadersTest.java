package io.cloudsync.migrate.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceHeadersTest {
  private static final List<Map.Entry<String, String>> SOURCE = List.of(
      Map.entry("Content-Type", "text/plain;swift_bytes=123"),
      Map.entry("Etag", "\"0123456789ABCDEF0123456789abcdef\""),
      Map.entry("X-Object-Meta-Color", "blue"),
      Map.entry("Content-Disposition", "attachment"),
      Map.entry("X-Timestamp", "1600000000.00000"),
      Map.entry("Last-Modified", "Sun, 13 Sep 2020 12:26:40 GMT"),
      Map.entry("X-Static-Large-Object", "True"),
      Map.entry("X-Object-Manifest", "segs/p"),
      Map.entry("Remote-X-Trans-Id", "tx1"),
      Map.entry("Content-Length", "5"));

  @Test
  void keepsTypeMetadataAndContentHeadersOnly() {
    assertThat(SourceHeaders.forPut(SOURCE, false)).containsExactly(
        Map.entry("Content-Type", "text/plain"),
        Map.entry("X-Object-Meta-Color", "blue"),
        Map.entry("Content-Disposition", "attachment"));
  }

  @Test
  void aPlainBodyCarriesItsMd5ForSwiftToVerify() {
    assertThat(SourceHeaders.forPut(SOURCE, true)).contains(Map.entry("Etag", "0123456789abcdef0123456789abcdef"));
  }

  @Test
  void aMultipartEtagIsNeverSent() {
    assertThat(SourceHeaders.forPut(List.of(Map.entry("ETag", "\"0123456789abcdef0123456789abcdef-3\"")), true))
        .isEmpty();
  }
}
