package io.cloudsync.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A real forward proxy for egress-proxy tests: Debian's {@code tinyproxy}, installed with
 * {@code apt-get} when missing (the test fails when it cannot be installed), run in the foreground
 * on a free loopback port with its own config and log. Every request it forwards is a line of its
 * log ({@code Request (file descriptor N): GET http://host:port/path HTTP/1.1}, or
 * {@code CONNECT host:port} for https), which {@link #requests} reads back.
 */
public final class TinyProxy implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private TinyProxy(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts a proxy that logs into {@code dir}. */
  public static TinyProxy start(Path dir) throws IOException, InterruptedException {
    ensureInstalled();
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path log = dir.resolve("tinyproxy.log");
    Path conf = dir.resolve("tinyproxy.conf");
    Files.writeString(conf, String.join("\n",
        "Port " + port,
        "Listen 127.0.0.1",
        "Timeout 600",
        "LogFile \"" + log + "\"",
        "LogLevel Connect",
        "MaxClients 200",
        "Allow 127.0.0.1",
        "DisableViaHeader Yes",
        ""), StandardCharsets.UTF_8);
    Process process = new ProcessBuilder("tinyproxy", "-d", "-c", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("tinyproxy.out").toFile()).start();
    TinyProxy proxy = new TinyProxy(process, log, port);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return proxy;
      } catch (IOException notYet) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          proxy.close();
          throw new IllegalStateException("tinyproxy did not start on port " + port + ": "
              + Files.readString(dir.resolve("tinyproxy.out")));
        }
        Thread.sleep(100);
      }
    }
  }

  private static void ensureInstalled() {
    if (Shell.exec(Duration.ofSeconds(30), Map.of(), List.of("sh", "-c", "command -v tinyproxy")).exitCode() == 0) {
      return;
    }
    List<String> install = List.of("sh", "-c",
        "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tinyproxy");
    Shell.exec(Duration.ofMinutes(8), Map.of(), install).requireSuccess(install);
    // Debian's package starts a system-wide tinyproxy where it can; this harness runs its own.
  }

  /** {@code http://127.0.0.1:<port>} */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The request lines the proxy has forwarded so far that contain {@code text}. */
  public List<String> requests(String text) {
    try {
      if (!Files.exists(log)) {
        return List.of();
      }
      return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .filter(l -> l.contains("]: Request (file descriptor"))
          .map(l -> l.substring(l.indexOf("]: Request") + 3))
          .filter(l -> l.contains(text))
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + log, e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
