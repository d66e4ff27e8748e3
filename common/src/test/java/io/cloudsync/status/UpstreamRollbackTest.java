package io.cloudsync.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsync.config.Policy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status files cloudsync writes, read by swift-s3-sync 0.1.24's rules (UPSTREAM.md §1.12): the
 * DB object must carry {@code aws_bucket} (upstream indexes it: {@code KeyError} otherwise),
 * and the {@code last_row} it resumes after must never pass a row that is not done.
 */
class UpstreamRollbackTest {
  static final Policy POLICY = new Policy(0, true, true);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  /** swift-s3-sync's get_last_row, as UPSTREAM.md §1.12 describes it; throws where Python raises KeyError. */
  static long upstreamLastRow(JsonNode status, String dbId, String bucket, Policy policy) {
    if (status.has("last_row")) {
      return status.get("last_row").longValue();
    }
    if (!status.has(dbId)) {
      return 0;
    }
    JsonNode entry = status.get(dbId);
    if (!entry.has("aws_bucket") || !entry.has("last_row")) {
      throw new IllegalStateException("KeyError: 'aws_bucket'");
    }
    if (!entry.get("aws_bucket").asText().equals(bucket)) {
      return 0;
    }
    if (entry.has("policy")) {
      JsonNode p = entry.get("policy");
      Policy written = new Policy(p.get("copy_after").longValue(), p.get("retain_local").booleanValue(),
          p.get("propagate_delete").booleanValue());
      if (!written.equals(policy)) {
        return 0;
      }
    }
    return entry.get("last_row").longValue();
  }

  JsonNode file(StatusStore store) throws Exception {
    return StatusFileCodec.JSON.readTree(store.file("AUTH_test", "photos").toFile());
  }

  StatusKey key(String target) {
    return new StatusKey("AUTH_test", "photos", "db-1", target);
  }

  @Test
  void upstreamResumesWhereBothCursorsAreDone() throws Exception {
    StatusStore store = new StatusStore(dir, CLOCK);
    store.write(key("0123456789abcdef"), CursorEntry.start("bucket", POLICY).withCursors(42, 40));
    JsonNode json = file(store);
    assertThat(upstreamLastRow(json, "db-1", "bucket", POLICY)).isEqualTo(40);
    assertThat(upstreamLastRow(json, "db-1", "other-bucket", POLICY)).isZero();
    assertThat(upstreamLastRow(json, "db-1", "bucket", new Policy(60, true, true))).isZero();
    assertThat(upstreamLastRow(json, "db-2", "bucket", POLICY)).isZero();
  }

  @Test
  void aPendingRetryOrDeferredRowIsNeverPassedByUpstream() throws Exception {
    StatusStore store = new StatusStore(dir, CLOCK);
    CursorEntry entry = CursorEntry.start("bucket", POLICY).withCursors(100, 100).withQueues(
        List.of(new RetryRow(57, "failed", 2, CLOCK.instant(), "503")),
        List.of(new DeferredRow(80, "young", CLOCK.instant())));
    store.write(key("0123456789abcdef"), entry);
    assertThat(upstreamLastRow(file(store), "db-1", "bucket", POLICY)).isEqualTo(56);
  }

  @Test
  void severalTargetsMirrorTheLeastAdvancedOne() throws Exception {
    StatusStore store = new StatusStore(dir, CLOCK);
    store.write(key("aaaaaaaaaaaaaaaa"), CursorEntry.start("fast", POLICY).withCursors(90, 90));
    store.write(key("bbbbbbbbbbbbbbbb"), CursorEntry.start("slow", POLICY).withCursors(30, 30));
    JsonNode json = file(store);
    assertThat(upstreamLastRow(json, "db-1", "slow", POLICY)).isEqualTo(30);
    assertThat(upstreamLastRow(json, "db-1", "fast", POLICY)).isZero();
  }

  @Test
  void cloudsyncIgnoresItsOwnMirrorAndShowsOnlyTargets() throws Exception {
    StatusStore store = new StatusStore(dir, CLOCK);
    store.write(key("aaaaaaaaaaaaaaaa"), CursorEntry.start("bucket", POLICY).withCursors(90, 90));
    // a new target of the same bucket name (another endpoint) must not inherit the mirror's row
    assertThat(store.read(key("cccccccccccccccc"), "bucket", POLICY).lastRow()).isZero();
    assertThat(store.read(key("aaaaaaaaaaaaaaaa"), "bucket", POLICY).lastRow()).isEqualTo(90);
    assertThat(store.all()).extracting(e -> e.getKey().targetId()).containsExactly("aaaaaaaaaaaaaaaa");
  }

  @Test
  void afterUpstreamRewroteTheFileCloudsyncResumesFromIt() throws Exception {
    StatusStore store = new StatusStore(dir, CLOCK);
    store.write(key("aaaaaaaaaaaaaaaa"), CursorEntry.start("bucket", POLICY).withCursors(90, 90));
    // upstream replaces the DB object with its own shape when it saves
    java.nio.file.Files.writeString(store.file("AUTH_test", "photos"),
        "{\"db-1\": {\"last_row\": 120, \"aws_bucket\": \"bucket\"}}");
    assertThat(store.read(key("aaaaaaaaaaaaaaaa"), "bucket", POLICY).lastRow()).isEqualTo(120);
  }
}
