package io.cloudsync.sync.hold;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.status.StatusKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Holds persist beside the status files; a release request applies to holds that began before it. */
class HoldStoreTest {
  @TempDir
  Path dir;

  private final StatusKey key = new StatusKey("AUTH_a", "c", "db1", "t1");
  private final StatusKey other = new StatusKey("AUTH_a", "c", "db1", "t2");
  private final Instant t0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void aHoldSurvivesAReloadAndIsRemovedWithItsFile() throws Exception {
    HoldStore store = HoldStore.load(dir);
    store.put(key, DeleteHold.begin(t0, 5, 3).plusHeld(1000));
    store.put(other, DeleteHold.begin(t0, 1, 1));

    HoldStore reloaded = HoldStore.load(dir);
    assertThat(reloaded.get(key)).isEqualTo(new DeleteHold(1000, t0, 5, 3, 0, false));
    assertThat(reloaded.all()).hasSize(2);

    reloaded.put(key, null);
    reloaded.put(other, null);
    assertThat(HoldStore.load(dir).all()).isEmpty();
    assertThat(Files.exists(dir.resolve("AUTH_a/.cloudsync-holds/c"))).isFalse();
  }

  @Test
  void aReleaseRequestNamesItsTimeAndIsSweptOnceNoHoldWaitsForIt() throws Exception {
    HoldStore store = HoldStore.load(dir);
    store.put(key, DeleteHold.begin(t0, 0, 0));
    assertThat(store.releaseRequested(key)).isNull();

    HoldStore.requestRelease(dir, "AUTH_a", "c", null, t0.plusSeconds(5));
    assertThat(store.releaseRequested(key)).isEqualTo(t0.plusSeconds(5));
    assertThat(store.releaseRequested(other)).as("'all' covers every target").isEqualTo(t0.plusSeconds(5));

    store.sweepReleases();
    assertThat(store.releaseRequested(key)).as("a hold still waits for it").isNotNull();

    store.put(key, store.get(key).release(10));
    store.sweepReleases();
    assertThat(store.releaseRequested(key)).isNull();
  }

  @Test
  void theLimitAllowsAHoldOnlyWhenRaisedAboveItsCount() {
    assertThat(new DeleteGuard(100L, null).allows(1000)).isFalse();
    assertThat(new DeleteGuard(1000L, null).allows(1000)).isTrue();
    assertThat(new DeleteGuard(null, null).allows(1000)).isTrue();
    DeleteGuard guard = new DeleteGuard(100L, null);
    assertThat(guard.reserve(60)).isTrue();
    assertThat(guard.reserve(60)).as("the pass's second container takes it over the limit").isFalse();
    assertThat(guard.reserve(40)).isTrue();
    guard.startPass();
    assertThat(guard.reserve(100)).isTrue();
  }
}
