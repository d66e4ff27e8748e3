package io.cloudsync.crawler.pending;

import io.cloudsync.crawler.locate.LocalReplica;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Swift merge a container DB's {@code .pending} file: Swift appends object updates there
 * and merges them into SQLite only on the next broker read, so a quiet container could hide rows
 * from a read-only reader for minutes. A {@code HEAD /<device>/<partition>/<account>/<container>}
 * to the container server that owns the device is such a read.
 *
 * <p>Because every request costs Swift CPU, a HEAD is sent only when the pending file is
 * non-empty: Swift truncates it when it merges, so an empty file means nothing is hidden. A file
 * still non-empty after a HEAD (Swift could not take the DB lock, or updates were appended after
 * its merge) is HEADed again on the next call: its rows are not in the DB yet, and remembering it
 * as merged would hide them until the next write to the container. Failures are logged and
 * reported as {@code false}, never thrown. Thread-safe.
 */
public final class PendingMerger {
  private static final Logger LOG = LoggerFactory.getLogger(PendingMerger.class);

  /** Default connect timeout for the container server. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** Default timeout of the whole HEAD (Swift waits up to 0.1 s for the pending lock). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private record FileState(long size, FileTime mtime) {
  }

  private final HttpClient http;
  private final Duration requestTimeout;

  /** A merger with the default timeouts. */
  public PendingMerger() {
    this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * @param connectTimeout how long to wait for a TCP connection to the container server
   * @param requestTimeout how long the whole HEAD may take
   */
  public PendingMerger(Duration connectTimeout, Duration requestTimeout) {
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Asks the replica's container server to merge {@code <db>.pending} when it holds updates not
   * merged yet.
   *
   * @return true when a HEAD was sent and the container server answered (2xx, or 404 for a
   *     deleted container: both merge the file); false when nothing was pending or it failed
   */
  public boolean mergeIfPending(LocalReplica replica) {
    Path pending = replica.pendingFile();
    FileState before = state(pending);
    if (before == null || before.size() == 0) {
      return false;
    }
    URI uri = uri(replica);
    HttpRequest request = HttpRequest.newBuilder(uri)
        .method("HEAD", HttpRequest.BodyPublishers.noBody())
        .timeout(requestTimeout)
        .header("User-Agent", "cloudsync-crawler")
        .build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status / 100 != 2 && status != 404) {
        LOG.warn("HEAD {} to merge {} ({} bytes pending) answered {}", uri, pending, before.size(), status);
        return false;
      }
      FileState after = state(pending);
      if (after != null && after.size() > 0) {
        LOG.debug("HEAD {} answered {} but {} still holds {} bytes (DB busy, or updates appended since); "
            + "will retry", uri, status, pending, after.size());
      }
      LOG.debug("merged {} ({} bytes) via HEAD {} -> {}", pending, before.size(), uri, status);
      return true;
    } catch (IOException e) {
      LOG.warn("HEAD {} to merge {} failed: {}", uri, pending, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("interrupted while merging {} via HEAD {}", pending, uri);
      return false;
    } catch (RuntimeException e) {
      LOG.warn("HEAD {} to merge {} failed: {}", uri, pending, e.toString());
      return false;
    }
  }

  static URI uri(LocalReplica replica) {
    String ip = replica.device().ip();
    String host = ip.contains(":") && !ip.startsWith("[") ? "[" + ip + "]" : ip;
    return URI.create("http://" + host + ":" + replica.device().port()
        + "/" + segment(replica.device().device())
        + "/" + replica.partition()
        + "/" + segment(replica.account())
        + "/" + segment(replica.container()));
  }

  /** Percent-encodes one path segment as UTF-8 (RFC 3986 unreserved characters stay). */
  static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8)
        .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  private static FileState state(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileState(attributes.size(), attributes.lastModifiedTime());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.warn("cannot stat {}: {}", file, e.toString());
      return null;
    }
  }
}
