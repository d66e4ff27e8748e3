package io.cloudsync.cli;

import static org.awaitility.Awaitility.await;

import io.cloudsync.testing.Saio;
import io.cloudsync.testing.SwiftClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Counts requests at the server: the access lines the SAIO's public proxy writes to
 * {@code log/proxy-server.log} since a mark, for one user agent and one container path. A mark
 * request (a HEAD of an object nobody has) closes a window: once its line is there, every request
 * sent before it has been logged.
 */
final class ProxyAccessLog {
  private final Path file;
  private final SwiftClient marker;
  private final String markerContainer;

  ProxyAccessLog(Saio saio, SwiftClient marker, String markerContainer) {
    this.file = saio.dir().resolve("log").resolve("proxy-server.log");
    this.marker = marker;
    this.markerContainer = markerContainer;
  }

  /** The log's current end. */
  long mark() {
    return file.toFile().length();
  }

  /**
   * Access lines since {@code mark} sent with {@code userAgent} whose method is {@code method} and
   * whose path starts with {@code pathPrefix} (as the proxy logs it: percent-encoded).
   */
  List<String> since(long mark, String method, String pathPrefix, String userAgent) throws IOException {
    String name = "mark-" + UUID.randomUUID();
    for (int i = 0; i < 2; i++) { // two proxy workers: one mark each, most likely
      marker.request("HEAD", markerContainer, name + "-" + i, Map.of(), null);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> read(mark).contains(name + "-1"));
    List<String> hits = new ArrayList<>();
    for (String line : read(mark).split("\n")) {
      if (line.contains(" " + method + " " + pathPrefix) && line.contains(userAgent)) {
        hits.add(line);
      }
    }
    return hits;
  }

  private String read(long mark) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      byte[] bytes = new byte[(int) Math.max(0, length - mark)];
      raf.seek(Math.min(mark, length));
      raf.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }
}
