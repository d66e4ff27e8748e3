package io.cloudsync.cli;

import static org.awaitility.Awaitility.await;

import io.cloudsync.testing.Saio;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A second Swift proxy server on the SAIO's rings, for the legacy container-sync form: its
 * gatekeeper keeps client {@code X-Timestamp} headers ({@code shunt_inbound_x_timestamp = false}),
 * without which tempauth never accepts an {@code X-Container-Sync-Key} (the SAIO's public proxy
 * moves them aside, so there every legacy request is a 401). Started by the test, stopped with it.
 */
final class LegacySyncProxy implements AutoCloseable {
  private final Process process;
  private final int port;

  private LegacySyncProxy(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static LegacySyncProxy start(Saio saio, Path dir) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path conf = dir.resolve("legacy-proxy.conf");
    Files.writeString(conf, """
        [DEFAULT]
        bind_ip = 127.0.0.1
        bind_port = %d
        workers = 0
        swift_dir = %s
        log_name = csync-legacy-proxy

        [pipeline:main]
        pipeline = catch_errors gatekeeper proxy-logging cache listing_formats container_sync tempauth copy slo dlo proxy-logging proxy-server

        [app:proxy-server]
        use = egg:swift#proxy
        account_autocreate = true

        [filter:catch_errors]
        use = egg:swift#catch_errors

        [filter:gatekeeper]
        use = egg:swift#gatekeeper
        shunt_inbound_x_timestamp = false

        [filter:proxy-logging]
        use = egg:swift#proxy_logging

        [filter:cache]
        use = egg:swift#memcache
        memcache_servers = 127.0.0.1:11211

        [filter:listing_formats]
        use = egg:swift#listing_formats

        [filter:container_sync]
        use = egg:swift#container_sync

        [filter:tempauth]
        use = egg:swift#tempauth
        user_test2_tester2 = testing2 .admin

        [filter:copy]
        use = egg:swift#copy

        [filter:slo]
        use = egg:swift#slo

        [filter:dlo]
        use = egg:swift#dlo
        """.formatted(port, saio.swiftDir()));
    Process process = new ProcessBuilder("swift-proxy-server", conf.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("legacy-proxy.log").toFile()).start();
    LegacySyncProxy proxy = new LegacySyncProxy(process, port);
    try {
      HttpClient http = HttpClient.newHttpClient();
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
        if (!process.isAlive()) {
          throw new AssertionError("swift-proxy-server exited: " + Files.readString(dir.resolve("legacy-proxy.log")));
        }
        return http.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/info")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      });
    } catch (RuntimeException | Error e) {
      proxy.close();
      throw e;
    }
    return proxy;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
