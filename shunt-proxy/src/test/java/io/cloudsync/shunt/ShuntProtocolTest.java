package io.cloudsync.shunt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Protocol corner cases against a scripted fake Swift proxy (no SAIO needed). */
class ShuntProtocolTest extends ScriptedShuntTestBase {

  private InetSocketAddress start(ScriptedBackend.Script script) throws IOException {
    return start(script, ShuntRoutes.none(), ShuntOptions.defaults().withIoThreads(2));
  }

  @Test
  void noContentKeepsItsHeadersAndOrder() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      conn.readHead();
      conn.write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nX-Trans-Id: tx1\r\n"
          + "Content-Type: text/html; charset=UTF-8\r\nX-Openstack-Request-Id: tx1\r\n\r\n");
      conn.readHead();
    });
    try (RawHttp http = new RawHttp(address)) {
      RawHttp.Response r = http.head("DELETE", "/v1/AUTH_a/c/o", "Host: x").read(false);
      assertThat(r.status()).isEqualTo(204);
      assertThat(r.headerNames()).containsExactly("Content-Length", "X-Trans-Id", "Content-Type",
          "X-Openstack-Request-Id");
    }
  }

  @Test
  void headAnsweredWithChunkedHeaderHasNoBodyAndConnectionStaysUsable() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      conn.readHead();
      conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nEtag: abc\r\n\r\n");
      conn.readHead();
      conn.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      conn.readHead();
    });
    try (RawHttp http = new RawHttp(address)) {
      RawHttp.Response head = http.head("HEAD", "/v1/AUTH_a/c/o", "Host: x").read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
      RawHttp.Response get = http.head("GET", "/v1/AUTH_a/c/o", "Host: x").read(false);
      assertThat(get.text()).isEqualTo("ok");
    }
    assertThat(backend.connections()).isEqualTo(1);
  }

  @Test
  void requestTargetAndHeadersReachSwiftByteForByte() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      conn.readHead();
      conn.write("HTTP/1.1 200 OK\r\nX-Object-Meta-Name: \u00c3\u00a9t\u00c3\u00a9\r\nContent-Length: 0\r\n\r\n");
      conn.readHead();
    });
    String target = "/v1/AUTH_a/c/\u00c3\u00a9l\u00c3\u00a8ve%20x?multipart-manifest=get";
    try (RawHttp http = new RawHttp(address)) {
      RawHttp.Response r = http.head("GET", target, "Host: shunt.example:1234", "X-Auth-Token: AUTH_tk1",
          "X-Object-Meta-Color: \u00c3\u00a9").read(false);
      assertThat(r.header("X-Object-Meta-Name")).isEqualTo("\u00c3\u00a9t\u00c3\u00a9");
    }
    String head = backend.heads.get(0);
    assertThat(head).startsWith("GET " + target + " HTTP/1.1\r\n");
    assertThat(head).contains("Host: shunt.example:1234\r\n", "X-Auth-Token: AUTH_tk1\r\n",
        "X-Object-Meta-Color: \u00c3\u00a9\r\n");
  }

  @Test
  void swiftClosingMidBodyCutsTheClientConnection() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      conn.readHead();
      conn.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
    });
    try (RawHttp http = new RawHttp(address)) {
      http.head("GET", "/v1/AUTH_a/c/o", "Host: x");
      RawHttp.Response r = http.read(true); // headers only
      assertThat(r.status()).isEqualTo(200);
      byte[] rest = http.socket().getInputStream().readAllBytes();
      assertThat(rest.length).isLessThan(1000);
    }
  }

  @Test
  void responseDelimitedByCloseIsRelayedThenClosed() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      conn.readHead();
      conn.write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nhello");
    });
    try (RawHttp http = new RawHttp(address)) {
      RawHttp.Response r = http.head("GET", "/info", "Host: x").read(false);
      assertThat(r.text()).isEqualTo("hello");
      assertThat(http.closedByPeer(5000)).isTrue();
    }
  }

  @Test
  void keptAliveSwiftConnectionClosedUnderARequestIsRetriedOnce() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      if (i == 0) {
        conn.readHead();
        conn.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none");
        conn.readHead(); // the second request arrives, then the connection closes unanswered
      } else {
        conn.readHead();
        conn.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo");
        conn.readHead();
      }
    });
    try (RawHttp http = new RawHttp(address)) {
      assertThat(http.head("GET", "/v1/AUTH_a/c/1", "Host: x").read(false).text()).isEqualTo("one");
      assertThat(http.head("GET", "/v1/AUTH_a/c/2", "Host: x").read(false).text()).isEqualTo("two");
    }
    assertThat(backend.connections()).isEqualTo(2);
  }

  @Test
  void idleSwiftCloseIsNoticedAndTheNextRequestReconnects() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      conn.readHead();
      conn.write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + i);
      // close right after answering, like a server's keep-alive timeout
    });
    try (RawHttp http = new RawHttp(address)) {
      assertThat(http.head("GET", "/a", "Host: x").read(false).text()).isEqualTo("0");
      Thread.sleep(300);
      assertThat(http.head("GET", "/b", "Host: x").read(false).text()).isEqualTo("1");
    }
  }

  @Test
  void expectContinueIsRelayedAndTheBodySentOnce() throws Exception {
    AtomicReference<String> received = new AtomicReference<>();
    InetSocketAddress address = start((conn, i) -> {
      String head = conn.readHead();
      assertThat(ScriptedBackend.header(head, "Expect")).isEqualTo("100-continue");
      conn.write("HTTP/1.1 100 Continue\r\n\r\n");
      received.set(new String(conn.readBytes(5), StandardCharsets.US_ASCII));
      conn.write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
      assertThat(conn.in.read()).isEqualTo(-1); // nothing more: the body was not sent twice
    });
    try (RawHttp http = new RawHttp(address)) {
      http.head("PUT", "/v1/AUTH_a/c/o", "Host: x", "Content-Length: 5", "Expect: 100-continue");
      RawHttp.Response interim = http.read(false);
      assertThat(interim.status()).isEqualTo(100);
      http.send("hello");
      assertThat(http.read(false).status()).isEqualTo(201);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> received.get() != null);
    assertThat(received.get()).isEqualTo("hello");
  }

  @Test
  void expectContinueRejectedBySwiftAnswersAndClosesWithoutWaitingForTheBody() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      conn.readHead();
      conn.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 12\r\n\r\nUnauthorized");
      conn.in.read(); // until the shunt closes
    });
    try (RawHttp http = new RawHttp(address)) {
      long t0 = System.nanoTime();
      http.head("PUT", "/v1/AUTH_a/c/o", "Host: x", "Content-Length: 100000", "Expect: 100-continue");
      RawHttp.Response r = http.read(false);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.text()).isEqualTo("Unauthorized");
      assertThat(http.closedByPeer(5000)).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void earlyAnswerDuringAnUploadIsReadableByTheClient() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      conn.readHead();
      conn.readBytes(1000);
      conn.write("HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 8\r\nConnection: close\r\n\r\nTooLarge");
    });
    try (RawHttp http = new RawHttp(address)) {
      http.head("PUT", "/v1/AUTH_a/c/o", "Host: x", "Content-Length: 10000000");
      byte[] piece = new byte[64 * 1024];
      try {
        for (int k = 0; k < 20; k++) {
          http.send(piece);
        }
      } catch (IOException expected) {
        // the shunt may stop reading and close: the response must still be readable
      }
      RawHttp.Response r = http.read(false);
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.text()).isEqualTo("TooLarge");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOneAtATime() throws Exception {
    InetSocketAddress address = start((conn, i) -> {
      for (int k = 0; k < 3; k++) {
        String head = conn.readHead();
        Thread.sleep(100);
        // One request at a time: the next one must not have been sent yet.
        assertThat(conn.in.available()).isZero();
        String name = head.split(" ")[1];
        conn.write("HTTP/1.1 200 OK\r\nContent-Length: " + name.length() + "\r\n\r\n"
            + (head.startsWith("HEAD") ? "" : name));
      }
      conn.readHead();
    });
    try (RawHttp http = new RawHttp(address)) {
      http.send("GET /one HTTP/1.1\r\nHost: x\r\n\r\nHEAD /two HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /three HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read(false).text()).isEqualTo("/one");
      RawHttp.Response head = http.read(true);
      assertThat(head.header("Content-Length")).isEqualTo("4");
      assertThat(http.read(false).text()).isEqualTo("/three");
    }
  }

  @Test
  void chunkedBodiesPassBothWays() throws Exception {
    AtomicReference<byte[]> uploaded = new AtomicReference<>();
    InetSocketAddress address = start((conn, i) -> {
      String head = conn.readHead();
      assertThat(ScriptedBackend.header(head, "Transfer-Encoding")).isEqualTo("chunked");
      uploaded.set(conn.readChunked());
      conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
      conn.readHead();
    });
    try (RawHttp http = new RawHttp(address)) {
      http.head("POST", "/v1/AUTH_a/c/o", "Host: x", "Transfer-Encoding: chunked");
      http.chunk("abc".getBytes(StandardCharsets.US_ASCII)).chunk("defg".getBytes(StandardCharsets.US_ASCII))
          .chunk(new byte[0]);
      RawHttp.Response r = http.read(false);
      assertThat(r.text()).isEqualTo("hello world");
    }
    assertThat(new String(uploaded.get(), StandardCharsets.US_ASCII)).isEqualTo("abcdefg");
  }

  @Test
  void unreachableSwiftGives502WithAShortText() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    shunt = ShuntServer.start(new InetSocketAddress("127.0.0.1", 0), URI.create("http://127.0.0.1:" + port));
    try (RawHttp http = new RawHttp(shunt.localAddress())) {
      RawHttp.Response r = http.head("GET", "/v1/AUTH_a/c/o", "Host: x").read(false);
      assertThat(r.status()).isEqualTo(502);
      assertThat(r.header("Content-Type")).startsWith("text/plain");
      assertThat(r.text()).startsWith("Bad Gateway").hasSizeLessThan(200);
      // The connection stays usable (the request was complete).
      assertThat(http.head("HEAD", "/v1/AUTH_a/c/o", "Host: x").read(true).status()).isEqualTo(502);
    }
  }

  @Test
  void badRequestLineIsRejectedLocally() throws Exception {
    InetSocketAddress address = start((conn, i) -> conn.readHead());
    try (RawHttp http = new RawHttp(address)) {
      http.send("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(http.read(false).status()).isEqualTo(414);
    }
  }

  // ---------------------------------------------------------------- interception hooks

  private static ShuntResponse textResponse(String text) {
    DefaultHttpHeaders headers = new DefaultHttpHeaders();
    headers.set("Content-Type", "text/plain");
    headers.set("X-From", "archive");
    return ShuntResponse.of(HttpResponseStatus.OK, headers, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void swift404OnAConfiguredContainerGoesToTheArchiveReader() throws Exception {
    List<ArchiveRequest> calls = new CopyOnWriteArrayList<>();
    ArchiveReader reader = request -> {
      calls.add(request);
      if (request.path().object().equals("missing-too")) {
        return CompletableFuture.completedFuture(null);
      }
      if (request.path().object().equals("broken")) {
        return CompletableFuture.failedFuture(new IOException("remote down"));
      }
      return CompletableFuture.supplyAsync(() -> textResponse("archived " + request.path().object()));
    };
    ShuntRoutes routes = ShuntRoutes.builder().route("AUTH_a", "arch", reader, null).build();
    InetSocketAddress address = start((conn, i) -> {
      String head;
      while ((head = conn.readHead()) != null) {
        if (head.contains("X-Auth-Token")) {
          if (head.startsWith("GET /v1/AUTH_a/arch/here ")) {
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nlocal");
          } else {
            conn.write("HTTP/1.1 404 Not Found\r\nX-Trans-Id: tx404\r\nContent-Length: 9\r\n\r\n"
                + (head.startsWith("HEAD") ? "" : "Not Found"));
          }
        } else {
          conn.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 12\r\n\r\nUnauthorized");
        }
      }
    }, routes, ShuntOptions.defaults().withIoThreads(2));
    try (RawHttp http = new RawHttp(address)) {
      RawHttp.Response archived = http.head("GET", "/v1/AUTH_a/arch/dir%2Fo%201", "Host: x", "X-Auth-Token: t",
          "Range: bytes=0-3").read(false);
      assertThat(archived.text()).isEqualTo("archived dir/o 1");
      assertThat(archived.header("X-From")).isEqualTo("archive");
      RawHttp.Response head = http.head("HEAD", "/v1/AUTH_a/arch/o2", "Host: x", "X-Auth-Token: t").read(true);
      assertThat(head.header("Content-Length")).isEqualTo("11");
      RawHttp.Response unauthorized = http.head("GET", "/v1/AUTH_a/arch/o3", "Host: x").read(false);
      assertThat(unauthorized.status()).isEqualTo(401);
      assertThat(unauthorized.text()).isEqualTo("Unauthorized");
      RawHttp.Response local = http.head("GET", "/v1/AUTH_a/arch/here", "Host: x", "X-Auth-Token: t").read(false);
      assertThat(local.text()).isEqualTo("local");
      RawHttp.Response notArchived = http.head("GET", "/v1/AUTH_a/arch/missing-too", "Host: x", "X-Auth-Token: t")
          .read(false);
      assertThat(notArchived.status()).isEqualTo(404);
      assertThat(notArchived.text()).isEqualTo("Not Found");
      assertThat(notArchived.header("X-Trans-Id")).isEqualTo("tx404");
      RawHttp.Response failed = http.head("GET", "/v1/AUTH_a/arch/broken", "Host: x", "X-Auth-Token: t").read(false);
      assertThat(failed.status()).isEqualTo(502);
      RawHttp.Response other = http.head("GET", "/v1/AUTH_a/other/o", "Host: x", "X-Auth-Token: t").read(false);
      assertThat(other.status()).isEqualTo(404);
      assertThat(other.text()).isEqualTo("Not Found");
    }
    assertThat(calls).extracting(c -> c.path().object())
        .containsExactly("dir/o 1", "o2", "missing-too", "broken");
    ArchiveRequest first = calls.get(0);
    assertThat(first.requestHeaders().get("Range")).isEqualTo("bytes=0-3");
    assertThat(first.swiftHeaders().get("X-Trans-Id")).isEqualTo("tx404");
    assertThat(first.path().container()).isEqualTo("arch");
    assertThat(backend.connections()).isEqualTo(1);
  }

  @Test
  void listingsOfConfiguredContainersGoToTheSplicer() throws Exception {
    AtomicInteger splices = new AtomicInteger();
    ListingSplicer splicer = new ListingSplicer() {
      @Override
      public String swiftUri(ListingRequest request) {
        return request.uri() + (request.uri().contains("?") ? "&" : "?") + "format=json";
      }

      @Override
      public CompletableFuture<ShuntResponse> splice(ListingRequest request, SwiftListing local) {
        splices.incrementAndGet();
        String body = new String(local.body(), StandardCharsets.UTF_8);
        return CompletableFuture.completedFuture(textResponse("spliced " + body));
      }
    };
    ShuntRoutes routes = ShuntRoutes.builder().route("AUTH_a", ShuntRoutes.ALL_CONTAINERS, null, splicer).build();
    InetSocketAddress address = start((conn, i) -> {
      String head;
      while ((head = conn.readHead()) != null) {
        String target = head.split(" ")[1];
        conn.write("HTTP/1.1 200 OK\r\nContent-Length: " + target.length() + "\r\n\r\n" + target);
      }
    }, routes, ShuntOptions.defaults().withIoThreads(2));
    try (RawHttp http = new RawHttp(address)) {
      assertThat(http.head("GET", "/v1/AUTH_a/any?prefix=x", "Host: x").read(false).text())
          .isEqualTo("spliced /v1/AUTH_a/any?prefix=x&format=json");
      assertThat(http.head("GET", "/v1/AUTH_a/any?path=x", "Host: x").read(false).text())
          .isEqualTo("/v1/AUTH_a/any?path=x");
      assertThat(http.head("GET", "/v1/AUTH_b/any", "Host: x").read(false).text()).isEqualTo("/v1/AUTH_b/any");
    }
    assertThat(splices.get()).isEqualTo(1);
  }
}
