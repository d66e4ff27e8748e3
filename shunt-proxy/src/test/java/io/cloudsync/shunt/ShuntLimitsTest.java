package io.cloudsync.shunt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The shunt's defences against clients that hold connections: the request-head deadline
 * (slowloris) and the connection cap, seen from raw client sockets.
 */
class ShuntLimitsTest extends ScriptedShuntTestBase {
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

  /** A backend that answers every request on a connection with {@code ok} until the shunt closes it. */
  private static void answerAll(ScriptedBackend.Conn conn, int index) throws IOException {
    while (conn.readHead() != null) {
      conn.write(OK);
    }
  }

  private InetSocketAddress start(ScriptedBackend.Script script, ShuntOptions options) throws IOException {
    return start(script, ShuntRoutes.none(), options);
  }

  private static ShuntOptions headTimeout(Duration d) {
    return ShuntOptions.defaults().withIoThreads(2).withHeadTimeout(d);
  }

  /**
   * Sends {@code bytes} one at a time, {@code gapMillis} apart, while the shunt keeps the
   * connection open; returns after the last one was sent, or when the shunt has closed it.
   *
   * @return whether the shunt closed the connection
   */
  private static boolean trickle(RawHttp http, String bytes, int gapMillis) throws IOException {
    for (char c : bytes.toCharArray()) {
      try {
        http.send(String.valueOf(c));
      } catch (IOException reset) {
        return true;
      }
      if (http.closedByPeer(gapMillis)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- request head deadline

  @Test
  void aRequestHeadTrickledByteByByteIsCutAtTheHeadTimeoutThoughBytesKeepComing() throws Exception {
    InetSocketAddress address = start(ShuntLimitsTest::answerAll, headTimeout(Duration.ofSeconds(1)));
    try (RawHttp http = new RawHttp(address)) {
      long started = System.nanoTime();
      boolean closed = trickle(http, "GET /v1/AUTH_a/c/o HTTP/1.1\r\nHost: x\r\nX-Slow: "
          + "a".repeat(40), 100);
      long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
      assertThat(closed).as("closed while the head was still arriving").isTrue();
      assertThat(elapsedMillis).isBetween(900L, 3_500L);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> shunt.openConnections() == 0);
    assertThat(backend.connections()).as("nothing reached Swift").isZero();
  }

  @Test
  void aKeptAliveConnectionWithoutANextRequestIsClosedAtTheHeadTimeoutCountedFromTheLastExchange()
      throws Exception {
    InetSocketAddress address = start(ShuntLimitsTest::answerAll, headTimeout(Duration.ofSeconds(1)));
    try (RawHttp http = new RawHttp(address)) {
      Thread.sleep(700);
      assertThat(http.head("GET", "/v1/AUTH_a/c/o", "Host: x").read(false).text()).isEqualTo("ok");
      // 700 ms + 700 ms since the accept: the deadline restarted when the exchange ended.
      Thread.sleep(700);
      assertThat(http.head("GET", "/v1/AUTH_a/c/o", "Host: x").read(false).text()).isEqualTo("ok");
      long started = System.nanoTime();
      assertThat(http.closedByPeer(5_000)).isTrue();
      assertThat((System.nanoTime() - started) / 1_000_000).isBetween(800L, 3_000L);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> shunt.openConnections() == 0);
  }

  @Test
  void aSlowResponseAndASlowBodyAreNotCutByTheHeadTimeout() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      String head = conn.readHead();
      if (head.startsWith("GET")) {
        Thread.sleep(2_000);
        conn.write(OK);
        head = conn.readHead();
      }
      byte[] body = conn.readBytes(Integer.parseInt(ScriptedBackend.header(head, "Content-Length")));
      conn.write("HTTP/1.1 201 Created\r\nContent-Length: " + body.length + "\r\n\r\n");
      conn.write(body);
      conn.readHead();
    }, headTimeout(Duration.ofSeconds(1)));
    try (RawHttp http = new RawHttp(address)) {
      assertThat(http.head("GET", "/v1/AUTH_a/c/o", "Host: x").read(false).text()).isEqualTo("ok");
      http.head("PUT", "/v1/AUTH_a/c/o", "Host: x", "Content-Length: 20");
      assertThat(trickle(http, "0123456789abcdefghij", 100)).isFalse();
      RawHttp.Response put = http.read(false);
      assertThat(put.status()).isEqualTo(201);
      assertThat(put.text()).isEqualTo("0123456789abcdefghij");
    }
  }

  // ---------------------------------------------------------------- connection cap

  @Test
  void aConnectionOverTheCapGets503AndIsClosedWhileThoseBelowItAreServed() throws Exception {
    InetSocketAddress address = start(ShuntLimitsTest::answerAll,
        ShuntOptions.defaults().withIoThreads(2).withMaxConnections(2));
    RawHttp first = new RawHttp(address);
    try (RawHttp second = new RawHttp(address)) {
      assertThat(first.head("GET", "/v1/AUTH_a/c/o", "Host: x").read(false).text()).isEqualTo("ok");
      assertThat(second.head("GET", "/v1/AUTH_a/c/o", "Host: x").read(false).text()).isEqualTo("ok");

      try (RawHttp third = new RawHttp(address)) {
        third.head("GET", "/v1/AUTH_a/c/o", "Host: x");
        RawHttp.Response rejected = third.read(false);
        assertThat(rejected.status()).isEqualTo(503);
        assertThat(rejected.header("Connection")).isEqualTo("close");
        assertThat(rejected.text()).contains("Service Unavailable");
        assertThat(third.closedByPeer(5_000)).isTrue();
      }
      assertThat(shunt.metrics().scrape()).contains("cloudsync_shunt_rejected_connections_total 1.0");
      assertThat(second.head("GET", "/v1/AUTH_a/c/o", "Host: x").read(false).text())
          .as("connections below the cap stay served").isEqualTo("ok");

      first.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> shunt.openConnections() == 1);
      try (RawHttp fourth = new RawHttp(address)) {
        assertThat(fourth.head("GET", "/v1/AUTH_a/c/o", "Host: x").read(false).text()).isEqualTo("ok");
      }
    } finally {
      first.close();
    }
    assertThat(backend.connections()).as("the rejected connection reached no Swift connection").isEqualTo(3);
  }
}
