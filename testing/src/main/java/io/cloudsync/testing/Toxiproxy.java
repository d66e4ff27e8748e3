package io.cloudsync.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Toxiproxy server (github.com/Shopify/toxiproxy, built from the Go module proxy) for TCP
 * faults between cloudsync and a remote store: resets mid-body, stalls, truncation, latency.
 */
public final class Toxiproxy implements AutoCloseable {
  public static final String VERSION = "v2.5.0";

  private final Process process;
  private final URI api;
  private final HttpClient http = HttpClient.newHttpClient();

  private Toxiproxy(Process process, URI api) {
    this.process = process;
    this.api = api;
  }

  /** Builds (once) and starts a server on a free loopback port; its log goes to {@code log}. */
  public static Toxiproxy start(Path log) throws IOException {
    Path exe = GoTools.binary("toxiproxy", "github.com/Shopify/toxiproxy/v2", "cmd/server", VERSION);
    int port = freePort();
    Process p = new ProcessBuilder(exe.toString(), "-host", "127.0.0.1", "-port", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Toxiproxy t = new Toxiproxy(p, URI.create("http://127.0.0.1:" + port));
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      try {
        if (t.call("GET", "/version", null) == 200) {
          return t;
        }
      } catch (IOException e) {
        if (!p.isAlive() || Instant.now().isAfter(deadline)) {
          p.destroyForcibly();
          throw new IOException("toxiproxy did not start: " + Files.readString(log), e);
        }
      }
      sleep(100);
    }
  }

  /** Creates a proxy {@code name} listening on a free loopback port towards {@code upstream} (host:port); returns that port. */
  public int proxy(String name, String upstream) throws IOException {
    int listen = freePort();
    expect(201, "POST", "/proxies", "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:" + listen
        + "\",\"upstream\":\"" + upstream + "\",\"enabled\":true}");
    return listen;
  }

  /**
   * Adds a toxic to every connection of {@code proxy}, e.g. {@code reset_peer {timeout: 500}},
   * {@code timeout {timeout: 0}} (stall), {@code limit_data {bytes: N}}, {@code latency {latency: ms}}.
   *
   * @param stream {@code upstream} (client to server) or {@code downstream}
   */
  public void toxic(String proxy, String name, String type, String stream, Map<String, Long> attributes)
      throws IOException {
    String attrs = attributes.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
    expect(200, "POST", "/proxies/" + proxy + "/toxics", "{\"name\":\"" + name + "\",\"type\":\"" + type
        + "\",\"stream\":\"" + stream + "\",\"toxicity\":1.0,\"attributes\":" + attrs + "}");
  }

  public void removeToxic(String proxy, String name) throws IOException {
    expect(204, "DELETE", "/proxies/" + proxy + "/toxics/" + name, null);
  }

  /** Disabling a proxy closes its connections and refuses new ones (the server is "down"). */
  public void enabled(String proxy, boolean enabled) throws IOException {
    expect(200, "POST", "/proxies/" + proxy, "{\"enabled\":" + enabled + "}");
  }

  private void expect(int status, String method, String path, String json) throws IOException {
    int got = call(method, path, json);
    if (got != status) {
      throw new IOException("toxiproxy " + method + " " + path + " answered " + got + " (expected " + status + ")");
    }
  }

  private int call(String method, String path, String json) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
