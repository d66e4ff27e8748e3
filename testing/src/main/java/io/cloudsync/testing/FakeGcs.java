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
import java.util.List;

/**
 * fake-gcs-server (github.com/fsouza/fake-gcs-server), the GCS JSON-API emulator the native GCS
 * tests run against: a real HTTP server in its own process, on a free loopback port, plain HTTP,
 * no authentication. {@link #start()} builds it from the Go module proxy when the cache has no
 * binary yet ({@link FakeGcsBinary}); a failed build or start fails the test, never skips it.
 */
public final class FakeGcs implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private FakeGcs(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  /** Builds (when needed) and starts an emulator with an in-memory backend. */
  public static FakeGcs start() {
    Path binary = FakeGcsBinary.ensure();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return launch(binary, freePort());
      } catch (IllegalStateException e) {
        last = e; // most likely the free port was taken meanwhile: try another
      }
    }
    throw last;
  }

  /** The JSON API root, e.g. {@code http://127.0.0.1:41234}; also the resumable-upload host. */
  public URI endpoint() {
    return endpoint;
  }

  /** What the emulator printed so far (for failure messages). */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
      Files.deleteIfExists(log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the log is a temp file; the OS cleans up
    }
  }

  private static FakeGcs launch(Path binary, int port) {
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    try {
      Path log = Files.createTempFile("fake-gcs-server", ".log");
      Process process = new ProcessBuilder(List.of(binary.toString(), "-scheme", "http", "-host", "127.0.0.1",
          "-port", Integer.toString(port), "-external-url", endpoint.toString(), "-public-host",
          "127.0.0.1:" + port, "-backend", "memory", "-log-level", "warn"))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      FakeGcs gcs = new FakeGcs(process, endpoint, log);
      // a test JVM that dies (or a class whose clean-up fails) must not leave the emulator running
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "fake-gcs-server-stop"));
      gcs.awaitReady();
      return gcs;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + binary + ": " + e.getMessage(), e);
    }
  }

  /** Polls the bucket listing until it answers 200; fails with the emulator's output otherwise. */
  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/storage/v1/b?project=test"))
        .timeout(Duration.ofSeconds(5)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("fake-gcs-server exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while starting fake-gcs-server", e);
      }
      sleep(100);
    }
    close();
    throw new IllegalStateException("fake-gcs-server did not answer at " + endpoint + " within " + READY_TIMEOUT
        + ":\n" + log());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port: " + e.getMessage(), e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
