package io.cloudsync.crawler.pending;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.ring.RingDevice;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fake container server that, like Swift, empties the pending file when it is HEADed. */
class PendingMergerTest {
  private static final String HASH = "0f65ef68c2db3f0768374d15c9a14cae";

  @TempDir
  Path dir;

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(204);
  private final AtomicBoolean truncates = new AtomicBoolean(true);
  private final AtomicInteger delayMs = new AtomicInteger();
  private Path pending;

  @BeforeEach
  void start() throws IOException {
    pending = Files.createDirectories(dir.resolve("sdb2/containers/61/cae/" + HASH)).resolve(HASH + ".db.pending");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
      try {
        Thread.sleep(delayMs.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (truncates.get() && Files.exists(pending)) {
        Files.write(pending, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
      }
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void nothingPendingMeansNoRequest() throws IOException {
    PendingMerger merger = new PendingMerger();
    LocalReplica replica = replica(server.getAddress().getPort(), "AUTH_test", "c");

    assertThat(merger.mergeIfPending(replica)).isFalse();
    Files.createFile(pending);
    assertThat(merger.mergeIfPending(replica)).isFalse();
    assertThat(requests).isEmpty();
  }

  @Test
  void headsTheDevicesContainerServerWithEncodedPath() throws IOException {
    PendingMerger merger = new PendingMerger();
    LocalReplica replica = replica(server.getAddress().getPort(), "AUTH_t\u00e9st", "c \u2603?#%+&;x");
    Files.writeString(pending, ":gAJYAQAAAGFxAC4=");

    assertThat(merger.mergeIfPending(replica)).isTrue();

    assertThat(requests).containsExactly(
        "HEAD /sdb2/61/AUTH_t%C3%A9st/c%20%E2%98%83%3F%23%25%2B%26%3Bx");
    assertThat(Files.size(pending)).isZero();
    // merged: nothing to do until Swift appends again
    assertThat(merger.mergeIfPending(replica)).isFalse();
    Files.writeString(pending, ":more");
    assertThat(merger.mergeIfPending(replica)).isTrue();
    assertThat(requests).hasSize(2);
  }

  @Test
  void updatesAppendedRightAfterAMergeAreMergedOnTheNextCall() throws IOException {
    PendingMerger merger = new PendingMerger();
    LocalReplica replica = replica(server.getAddress().getPort(), "AUTH_test", "c");
    truncates.set(false);
    // Swift merged, then a new update arrived before we looked again: the file changed during the HEAD
    server.removeContext("/");
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().getRawPath());
      if (requests.size() == 1) {
        Files.writeString(pending, ":new-after-merge");
      } else {
        Files.writeString(pending, ""); // merged and truncated
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    Files.writeString(pending, ":first");

    assertThat(merger.mergeIfPending(replica)).isTrue();
    assertThat(merger.mergeIfPending(replica)).as("the update appended after the merge is not in the DB yet").isTrue();
    assertThat(requests).hasSize(2);
    assertThat(Files.size(pending)).isZero();
    assertThat(merger.mergeIfPending(replica)).as("nothing pending any more").isFalse();
    assertThat(requests).hasSize(2);
  }

  @Test
  void aHeadThatDidNotMergeIsRetried() throws IOException {
    PendingMerger merger = new PendingMerger();
    LocalReplica replica = replica(server.getAddress().getPort(), "AUTH_test", "c");
    truncates.set(false); // Swift could not lock the DB and answered from a stale read
    Files.writeString(pending, ":stuck");

    assertThat(merger.mergeIfPending(replica)).isTrue();
    assertThat(merger.mergeIfPending(replica)).isTrue();
    assertThat(requests).hasSize(2);
  }

  @Test
  void failuresReturnFalseAndNeverThrow() throws IOException {
    Files.writeString(pending, ":x");
    PendingMerger merger = new PendingMerger(Duration.ofMillis(500), Duration.ofMillis(300));
    LocalReplica replica = replica(server.getAddress().getPort(), "AUTH_test", "c");

    status.set(507);
    truncates.set(false);
    assertThat(merger.mergeIfPending(replica)).isFalse();

    truncates.set(true);
    status.set(404); // deleted container: Swift still merged the file
    assertThat(merger.mergeIfPending(replica)).isTrue();

    Files.writeString(pending, ":y");
    status.set(204);
    delayMs.set(1500);
    long start = System.nanoTime();
    assertThat(merger.mergeIfPending(replica)).as("timed out").isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThat(merger.mergeIfPending(replica(closedPort, "AUTH_test", "c"))).as("connection refused").isFalse();
  }

  private LocalReplica replica(int port, String account, String container) {
    RingDevice device = new RingDevice(1, 1, 2, "127.0.0.1", port, "127.0.0.1", port, "sdb2", 1.0, "", 0);
    Path db = pending.resolveSibling(HASH + ".db");
    return new LocalReplica(account, container, 61, HASH, device, 0, 3, db);
  }
}
