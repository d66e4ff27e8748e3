package io.cloudsync.shunt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveHeadersTest {

  @Test
  void hopByHopHeadersGoAndSwiftsTransactionIdsCome() {
    HttpHeaders swift404 = new DefaultHttpHeaders()
        .add("X-Trans-Id", "tx123").add("X-Openstack-Request-Id", "tx123").add("Content-Length", "70");
    HttpHeaders out = ArchiveHeaders.forClient(List.of(
        Map.entry("Etag", "0123456789abcdef0123456789abcdef"),
        Map.entry("X-Object-Meta-Color", "blue"),
        Map.entry("Content-Length", "42"),
        Map.entry("Connection", "keep-alive"),
        Map.entry("Transfer-Encoding", "chunked"),
        Map.entry("Keep-Alive", "timeout=5"),
        Map.entry("Server", "Jetty")), swift404);
    assertThat(out.get("Etag")).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(out.get("X-Object-Meta-Color")).isEqualTo("blue");
    assertThat(out.get("Content-Length")).isEqualTo("42");
    assertThat(out.get("Server")).isEqualTo("Jetty");
    assertThat(out.contains("Connection")).isFalse();
    assertThat(out.contains("Transfer-Encoding")).isFalse();
    assertThat(out.contains("Keep-Alive")).isFalse();
    assertThat(out.getAll("X-Trans-Id")).containsExactly("tx123");
    assertThat(out.get("X-Openstack-Request-Id")).isEqualTo("tx123");
  }
}
