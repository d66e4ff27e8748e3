package io.cloudsync.status;

import io.cloudsync.config.Policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusStoreTest {
  static final Policy POLICY = new Policy(0, true, true);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  StatusStore store() {
    return new StatusStore(dir, CLOCK);
  }

  StatusKey key(String target) {
    return new StatusKey("AUTH_test", "photos", "db-1", target);
  }

  @Test
  void aMissingFileStartsAtRowZero() {
    CursorEntry e = store().read(key("t1"), "bucket", POLICY);
    assertThat(e.lastRow()).isZero();
    assertThat(e.lastVerifiedRow()).isZero();
  }

  @Test
  void writesAndReadsBackEverything() throws Exception {
    CursorEntry e = CursorEntry.start("bucket", POLICY).withCursors(42, 40)
        .withQueues(List.of(new RetryRow(7, "a", 2, Instant.parse("2026-11-22T01:00:00Z"), "boom")),
            List.of(new DeferredRow(9, "b", Instant.parse("2026-11-23T00:00:00Z"))))
        .withCounts(1, 3)
        .withPass(50, Instant.parse("2026-11-21T00:00:00Z"), Instant.parse("2026-11-22T00:00:00Z"));
    store().write(key("t1"), e);
    assertThat(new StatusStore(dir, CLOCK).read(key("t1"), "bucket", POLICY)).isEqualTo(e);
    try (Stream<Path> files = Files.list(dir.resolve("AUTH_test"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("photos");
    }
  }

  @Test
  void firstSeenCheckpointsAreWrittenAndReadBack() throws Exception {
    CursorEntry e = CursorEntry.start("bucket", POLICY).withCursors(42, 10)
        .withFirstSeen(List.of(new FirstSeen(20, Instant.parse("2026-11-22T00:00:00Z")),
            new FirstSeen(42, Instant.parse("2026-11-22T00:00:05Z"))));
    store().write(key("t1"), e);
    assertThat(Files.readString(dir.resolve("AUTH_test/photos"))).contains("\"first_seen\"");
    assertThat(new StatusStore(dir, CLOCK).read(key("t1"), "bucket", POLICY)).isEqualTo(e);
  }

  @Test
  void anEntryWrittenBeforeFirstSeenExistedReadsWithNoCheckpoints() throws Exception {
    Path file = dir.resolve("AUTH_test/photos");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"db-1\": {\"t1\": {\"last_row\": 30, \"last_verified_row\": 12,"
        + " \"aws_bucket\": \"bucket\", \"retries\": [], \"deferred\": []}}}");
    CursorEntry e = store().read(key("t1"), "bucket", POLICY);
    assertThat(e.lastVerifiedRow()).isEqualTo(12);
    assertThat(e.firstSeen()).isEmpty();
  }

  @Test
  void aFirstSeenTimeThatIsNotATimeIsACorruptFile() throws Exception {
    Path file = dir.resolve("AUTH_test/photos");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"db-1\": {\"t1\": {\"last_row\": 30, \"last_verified_row\": 12,"
        + " \"aws_bucket\": \"bucket\", \"first_seen\": [{\"row\": 30, \"at\": \"yesterday\"}]}}}");
    assertThat(store().read(key("t1"), "bucket", POLICY).lastRow()).isZero();
    assertThat(Files.exists(dir.resolve("AUTH_test/photos.corrupt-" + CLOCK.millis()))).isTrue();
  }

  @Test
  void oneToManyMappingsKeepSeparateEntries() throws Exception {
    StatusStore s = store();
    s.write(key("t1"), CursorEntry.start("b1", POLICY).withCursors(10, 10));
    s.write(key("t2"), CursorEntry.start("b2", POLICY).withCursors(99, 99));
    assertThat(s.read(key("t1"), "b1", POLICY).lastRow()).isEqualTo(10);
    assertThat(s.read(key("t2"), "b2", POLICY).lastRow()).isEqualTo(99);
  }

  @Test
  void aDifferentBucketOrPolicyRestartsFromZero() throws Exception {
    StatusStore s = store();
    s.write(key("t1"), CursorEntry.start("b1", POLICY).withCursors(10, 10));
    assertThat(s.read(key("t1"), "other", POLICY).lastRow()).isZero();
    assertThat(s.read(key("t1"), "b1", new Policy(3600, true, true)).lastRow()).isZero();
    assertThat(s.read(key("t1"), "b1", POLICY).lastRow()).isEqualTo(10);
  }

  @Test
  void readsSwiftS3SyncStatusFiles() throws Exception {
    Path file = dir.resolve("AUTH_test/photos");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"db-1\": {\"last_row\": 17, \"aws_bucket\": \"bucket\", "
        + "\"policy\": {\"copy_after\": 0, \"retain_local\": true, \"propagate_delete\": true}}}");
    CursorEntry e = store().read(key("t1"), "bucket", POLICY);
    assertThat(e.lastRow()).isEqualTo(17);
    assertThat(e.lastVerifiedRow()).isEqualTo(17);
    assertThat(store().read(key("t1"), "another-bucket", POLICY).lastRow()).isZero();
  }

  @Test
  void readsTheLegacyShape() throws Exception {
    Path file = dir.resolve("AUTH_test/photos");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"last_row\": 5}");
    assertThat(store().read(key("t1"), "bucket", POLICY).lastRow()).isEqualTo(5);
  }

  @Test
  void upstreamEntriesAreReplacedByTheKeyedFormOnWrite() throws Exception {
    Path file = dir.resolve("AUTH_test/photos");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"db-1\": {\"last_row\": 17, \"aws_bucket\": \"bucket\"}}");
    store().write(key("t1"), CursorEntry.start("bucket", POLICY).withCursors(20, 20));
    assertThat(Files.readString(file)).contains("\"t1\"").doesNotContain("\"last_row\" : 17");
    assertThat(store().read(key("t1"), "bucket", POLICY).lastRow()).isEqualTo(20);
  }

  @Test
  void aCorruptFileIsMovedAsideAndTheContainerRescanned() throws Exception {
    Path file = dir.resolve("AUTH_test/photos");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"db-1\": {\"last_row\": 1");
    assertThat(store().read(key("t1"), "bucket", POLICY).lastRow()).isZero();
    assertThat(Files.exists(file)).isFalse();
    assertThat(Files.exists(dir.resolve("AUTH_test/photos.corrupt-" + CLOCK.millis()))).isTrue();
  }

  @Test
  void noTempFileIsLeftBehind() throws Exception {
    store().write(key("t1"), CursorEntry.start("bucket", POLICY).withCursors(1, 1));
    try (Stream<Path> files = Files.list(dir.resolve("AUTH_test"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("photos");
    }
  }

  @Test
  void aSecondLockOnTheSameStatusDirIsRefused() throws Exception {
    try (StatusDirLock first = StatusDirLock.acquire(dir)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> StatusDirLock.acquire(dir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(dir.toString());
    }
  }
}
