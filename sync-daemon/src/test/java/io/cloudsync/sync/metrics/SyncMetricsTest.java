package io.cloudsync.sync.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.config.Policy;
import io.cloudsync.status.CursorEntry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The rows-behind gauge counts rows still in the DB's .pending file on top of the DB's own. */
class SyncMetricsTest {
  private final Instant now = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void unmergedRowsAreBehindToo() {
    SyncMetrics metrics = new SyncMetrics(Clock.fixed(now, ZoneOffset.UTC));
    CursorEntry caughtUp = CursorEntry.start("b", (Policy) null).withCursors(10, 10).withPass(10, null, now);
    metrics.progress("AUTH_a", "c", "t", caughtUp, 0, now);
    assertThat(gauge(metrics)).isEqualTo("0.0");

    metrics.progress("AUTH_a", "c", "t", caughtUp, 12, now);
    assertThat(gauge(metrics)).as("12 updates not merged yet").isEqualTo("12.0");

    metrics.progress("AUTH_a", "c", "t", caughtUp.withPass(13, now.minusSeconds(5), now), 2, now);
    assertThat(gauge(metrics)).as("3 rows in the DB after the cursor and 2 pending").isEqualTo("5.0");
  }

  private static String gauge(SyncMetrics metrics) {
    for (String line : metrics.scrape().split("\n")) {
      if (line.startsWith("cloudsync_rows_behind{")) {
        return line.substring(line.lastIndexOf(' ') + 1);
      }
    }
    throw new AssertionError("no cloudsync_rows_behind in\n" + metrics.scrape());
  }
}
