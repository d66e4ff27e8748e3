package io.cloudsync.sync.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeWatcherTest {
  @TempDir Path tmp;
  private ChangeWatcher<String> watcher;

  @BeforeEach
  void start() {
    watcher = ChangeWatcher.start("test-watch", Duration.ofMillis(50));
  }

  @AfterEach
  void close() {
    watcher.close();
  }

  @Test
  void anAppendToAPendingFileReportsItsContainers() throws Exception {
    Path a = Files.createDirectory(tmp.resolve("a"));
    Path b = Files.createDirectory(tmp.resolve("b"));
    Files.writeString(a.resolve("x.db.pending"), "");
    watcher.watch(a, "AUTH_test/a -> s3");
    watcher.watch(a, "AUTH_test/a -> gcs");
    watcher.watch(b, "AUTH_test/b -> s3");

    Files.writeString(a.resolve("x.db.pending"), ":row", StandardOpenOption.APPEND);

    assertThat(awaitSome(Duration.ofSeconds(10))).containsExactlyInAnyOrder("AUTH_test/a -> s3", "AUTH_test/a -> gcs");
  }

  @Test
  void aBurstOfWritesComesBackAsOneSetAndIsHandedOutOnce() throws Exception {
    Path a = Files.createDirectory(tmp.resolve("a"));
    Path b = Files.createDirectory(tmp.resolve("b"));
    watcher.watch(a, "a");
    watcher.watch(b, "b");

    Files.writeString(a.resolve("x.db.pending"), "1");
    Files.writeString(b.resolve("y.db.pending"), "2");

    Set<String> seen = new HashSet<>(awaitSome(Duration.ofSeconds(10)));
    if (seen.size() < 2) { // the second event may land just after the settle time
      seen.addAll(watcher.await(Duration.ofSeconds(5)));
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b");
    assertThat(watcher.await(Duration.ofMillis(300))).as("nothing changed since").isEmpty();
  }

  @Test
  void withoutChangesAwaitTimesOutEmpty() throws Exception {
    watcher.watch(Files.createDirectory(tmp.resolve("a")), "a");
    long t0 = System.nanoTime();
    assertThat(watcher.await(Duration.ofMillis(200))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
  }

  @Test
  void wakeEndsAWaitAtOnce() throws Exception {
    Thread waker = new Thread(() -> {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      watcher.wake();
    });
    waker.start();
    long t0 = System.nanoTime();
    assertThat(watcher.await(Duration.ofSeconds(30))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    waker.join();
  }

  @Test
  void aDirectoryDeletedAndMadeAgainIsWatchedAgainWhenTheNextPassAsks() throws Exception {
    Path a = Files.createDirectory(tmp.resolve("a"));
    watcher.watch(a, "a");
    Files.delete(a); // the container was deleted (or its DB moved by replication)
    watcher.await(Duration.ofMillis(500));

    Files.createDirectory(a);
    watcher.watch(a, "a"); // the next pass finds the container again
    Files.writeString(a.resolve("x.db.pending"), "row");

    assertThat(awaitSome(Duration.ofSeconds(10))).containsExactly("a");
  }

  private Set<String> awaitSome(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    Set<String> got = Set.of();
    while (got.isEmpty() && System.nanoTime() < end) {
      got = watcher.await(Duration.ofNanos(end - System.nanoTime()));
    }
    return got;
  }
}
