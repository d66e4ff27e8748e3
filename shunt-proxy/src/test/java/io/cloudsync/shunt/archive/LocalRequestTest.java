package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests to a scripted internal proxy (a plain socket server). */
class LocalRequestTest {
  private EventLoopGroup group;
  private ExecutorService threads;
  private ServerSocket server;

  @BeforeEach
  void setUp() throws IOException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    threads = Executors.newCachedThreadPool();
    server = new ServerSocket(0);
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
    threads.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private LocalRequest request(HttpMethod method, HttpHeaders extra, long length) {
    HttpHeaders headers = new DefaultHttpHeaders().set("Host", "127.0.0.1").set("Content-Length", length)
        .set("Connection", "close").add(extra);
    return new LocalRequest(URI.create("http://127.0.0.1:" + server.getLocalPort()), group,
        ArchiveSettings.defaults(), method, "/v1/a/c/o", headers, length, () -> { });
  }

  /** What the scripted proxy read: the request head and the body bytes that came before its answer. */
  record Seen(String head, int bodyBytes) {}

  /** Reads a request head, waits {@code waitMillis} for body bytes, then sends {@code answer}. */
  private CompletableFuture<Seen> answerWith(String answer, int waitMillis) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          head.write(in.read());
        }
        int body = 0;
        s.setSoTimeout(waitMillis);
        try {
          byte[] buf = new byte[65536];
          for (int n; (n = in.read(buf)) > 0; ) {
            body += n;
          }
        } catch (SocketTimeoutException quiet) {
          // nothing more within the wait
        }
        s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        s.shutdownOutput();
        return new Seen(head.toString(StandardCharsets.ISO_8859_1), body);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }, threads);
  }

  @Test
  void anAnswerWithSwiftsMostMetadataAndSysmetaIsRead() throws Exception {
    StringBuilder answer = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nEtag: abc\r\n");
    for (int i = 0; i < 90; i++) {
      answer.append("X-Object-Meta-").append("k".repeat(40)).append(i).append(": ").append("v".repeat(256))
          .append("\r\n");
    }
    for (int i = 0; i < 40; i++) {
      answer.append("X-Object-Sysmeta-S").append(i).append(": ").append("s".repeat(200)).append("\r\n");
    }
    String text = answer.append("\r\n").toString();
    assertThat(text.length()).isGreaterThan(32 * 1024).isLessThan(64 * 1024);
    CompletableFuture<Seen> proxy = answerWith(text, 10);
    LocalRequest head = request(HttpMethod.HEAD, new DefaultHttpHeaders(), 0);
    head.start();
    head.finish();
    LocalRequest.Answer got = head.answer().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.headers().get("Etag")).isEqualTo("abc");
    assertThat(got.headers().names()).filteredOn(n -> n.startsWith("X-Object-Meta-")).hasSize(90);
    assertThat(proxy.get(10, TimeUnit.SECONDS).head()).startsWith("HEAD /v1/a/c/o HTTP/1.1\r\n");
  }

  @Test
  void withExpectContinueARefusalComesBeforeAnyBodyByte() throws Exception {
    CompletableFuture<Seen> proxy = answerWith("HTTP/1.1 412 Precondition Failed\r\nContent-Length: 0\r\n"
        + "Connection: close\r\n\r\n", 500);
    long length = 256 * 1024;
    LocalRequest put = request(HttpMethod.PUT, new DefaultHttpHeaders().set("Expect", "100-continue")
        .set("If-None-Match", "*"), length);
    put.start();
    put.write(ByteBuffer.allocate((int) length));
    put.finish();
    LocalRequest.Answer got = put.answer().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(got.status()).isEqualTo(412);
    Seen seen = proxy.get(10, TimeUnit.SECONDS);
    assertThat(seen.head()).containsIgnoringCase("Expect: 100-continue\r\n");
    assertThat(seen.bodyBytes()).as("body bytes sent without a 100 Continue").isZero();
  }
}
