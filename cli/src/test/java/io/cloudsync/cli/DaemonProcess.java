package io.cloudsync.cli;

import io.cloudsync.testing.ProjectLayout;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/cloudsync sync --config F} as a child process (the packaged jar, as an operator runs
 * it), logging to a file, with its {@code metrics_bind} endpoints: destroy() sends SIGTERM.
 */
final class DaemonProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private DaemonProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** A free loopback port for {@code metrics_bind}. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Starts the daemon; {@code metricsPort} must be the port of the config's {@code metrics_bind}. */
  static DaemonProcess start(Path config, Path log, int metricsPort) throws IOException {
    return start("sync", config, log, metricsPort);
  }

  /** Starts {@code cloudsync <command>} ({@code sync} or {@code migrate}) as a daemon. */
  static DaemonProcess start(String command, Path config, Path log, int metricsPort) throws IOException {
    Path bin = ProjectLayout.root().resolve("bin/cloudsync");
    ProcessBuilder pb = new ProcessBuilder(bin.toString(), command, "--config", config.toString(), "--console")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    return new DaemonProcess(pb.start(), log, metricsPort);
  }

  /** Status code and body of a GET on the daemon's metrics listener, or -1 while it does not answer. */
  record Answer(int status, String body) {}

  Answer get(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      return new Answer(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, e.toString());
    }
  }

  /** The value of a Prometheus sample whose line starts with {@code prefix} (name and labels), or -1. */
  double metric(String prefix) {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGKILL, and waits for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL after a minute. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
