package io.cloudsync.sync.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.config.Policy;
import io.cloudsync.status.CursorEntry;
import io.cloudsync.status.StatusKey;
import io.cloudsync.sync.hold.DeleteHold;
import io.cloudsync.sync.hold.HoldStore;
import io.cloudsync.sync.metrics.SyncMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /healthz reasons: a delete hold, a lag over health_max_lag; each goes away with its cause. */
class HealthCheckTest {
  @TempDir
  Path dir;

  private final Instant now = Instant.parse("2026-12-07T10:00:00Z");
  private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

  @Test
  void aLagOverTheLimitIsAReasonUntilTheContainerCatchesUp() throws Exception {
    SyncMetrics metrics = new SyncMetrics(clock);
    HealthCheck check = new HealthCheck(List::of, HoldStore.load(dir), metrics, Duration.ofSeconds(60), clock);
    CursorEntry entry = CursorEntry.start("b", (Policy) null).withPass(10, now.minusSeconds(61), now);
    metrics.progress("AUTH_a", "c", "t", entry, now);
    assertThat(check.evaluate().text()).contains("lagging: AUTH_a/c -> t is 61 s behind (health_max_lag 60 s)");

    metrics.progress("AUTH_a", "c", "t", entry.withPass(10, null, now), now);
    assertThat(check.evaluate().healthy()).isTrue();
    assertThat(check.evaluate().text()).isEqualTo("ok\n");
  }

  @Test
  void aDeleteHoldIsAReasonUntilReleased() throws Exception {
    HoldStore holds = HoldStore.load(dir);
    HealthCheck check = new HealthCheck(List::of, holds, new SyncMetrics(clock), null, clock);
    StatusKey key = new StatusKey("AUTH_a", "c", "db", "t");
    holds.put(key, DeleteHold.begin(now, 0, 0).plusHeld(7));
    assertThat(check.evaluate().reasons()).singleElement().asString().contains("deletes held: AUTH_a/c")
        .contains("7 remote deletes held since " + now);

    holds.put(key, holds.get(key).release(10));
    assertThat(check.evaluate().healthy()).isTrue();
  }
}
