package io.cloudsync.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;

/**
 * A loopback HTTP relay in front of fake-gcs-server that counts what the daemon sends (uploads,
 * PATCHes, deletes; the emulator counts nothing) and can corrupt one byte of an upload body that
 * carries a given marker, so the request still declares the right MD5 and the emulator refuses it,
 * as GCS refuses a body damaged on the way. Bodies are buffered: test-sized objects only.
 */
final class GcsRelay implements AutoCloseable {
  private static final Set<String> HOP = Set.of("connection", "content-length", "host", "transfer-encoding",
      "expect", "upgrade", "keep-alive");

  private final HttpServer server;
  private final ExecutorService executor;
  private final URI target;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final AtomicInteger uploads = new AtomicInteger();
  private final AtomicInteger patches = new AtomicInteger();
  private final AtomicInteger deletes = new AtomicInteger();
  private final AtomicInteger corrupted = new AtomicInteger();
  private final AtomicReference<byte[]> corruptMarker = new AtomicReference<>();

  private GcsRelay(HttpServer server, ExecutorService executor, URI target) {
    this.server = server;
    this.executor = executor;
    this.target = target;
  }

  static GcsRelay start(URI target) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "gcs-relay");
      t.setDaemon(true);
      return t;
    });
    GcsRelay relay = new GcsRelay(server, executor, target);
    server.createContext("/", relay::handle);
    server.setExecutor(executor);
    server.start();
    return relay;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Corrupt (flip the last byte of) any upload body containing {@code marker}; null stops it. */
  void corruptUploadsContaining(String marker) {
    corruptMarker.set(marker == null ? null : marker.getBytes(StandardCharsets.UTF_8));
  }

  int uploads() {
    return uploads.get();
  }

  int patches() {
    return patches.get();
  }

  /** Upload bodies corrupted so far. */
  int corrupted() {
    return corrupted.get();
  }

  int deletes() {
    return deletes.get();
  }

  void resetCounts() {
    uploads.set(0);
    patches.set(0);
    deletes.set(0);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      byte[] body = exchange.getRequestBody().readAllBytes();
      boolean gzipped = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
      if (gzipped) { // the client gzips upload bodies: corrupt the content, forward it plain
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      String path = exchange.getRequestURI().getRawPath();
      // google-http-client sends PATCH as POST with X-HTTP-Method-Override (HttpURLConnection has no PATCH)
      String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
      if (path.startsWith("/upload/") && (method.equals("POST") || method.equals("PUT"))) {
        if (method.equals("POST") || body.length > 0) {
          uploads.incrementAndGet();
        }
        body = maybeCorrupt(body);
      } else if (method.equals("PATCH") || "PATCH".equalsIgnoreCase(override)) {
        patches.incrementAndGet();
      } else if (method.equals("DELETE")) {
        deletes.incrementAndGet();
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())))
          .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP.contains(name.toLowerCase(Locale.ROOT)) && !(gzipped && name.equalsIgnoreCase("Content-Encoding"))) {
          values.forEach(v -> request.header(name, v));
        }
      });
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response.headers().map().forEach((name, values) -> {
        if (!HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      byte[] answer = response.body();
      boolean noBody = method.equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304;
      exchange.sendResponseHeaders(response.statusCode(), noBody || answer.length == 0 ? -1 : answer.length);
      if (!noBody && answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.sendResponseHeaders(502, -1);
    }
  }

  private byte[] maybeCorrupt(byte[] body) {
    byte[] marker = corruptMarker.get();
    if (marker == null) {
      return body;
    }
    int at = indexOf(body, marker);
    if (at < 0) {
      return body;
    }
    byte[] damaged = Arrays.copyOf(body, body.length);
    damaged[at + marker.length - 1] ^= 0x01;
    corrupted.incrementAndGet();
    return damaged;
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
