package io.cloudsync.sync.health;

import io.cloudsync.logging.LogSafe;
import io.cloudsync.status.StatusKey;
import io.cloudsync.sync.hold.DeleteHold;
import io.cloudsync.sync.hold.HoldStore;
import io.cloudsync.sync.metrics.SyncMetrics;
import io.cloudsync.sync.pass.MappingHealth;
import io.cloudsync.sync.pass.MappingRuntime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the daemon's {@code /healthz} answers: healthy, or every reason an operator must look —
 * a blocked mapping (since when, why), a delete hold ({@code max_deletes_per_pass}), a container
 * whose lag exceeds {@code health_max_lag}. Evaluated on each request, so a reason disappears as
 * soon as its cause does.
 */
public final class HealthCheck {
  private final Supplier<List<MappingRuntime>> mappings;
  private final HoldStore holds;
  private final SyncMetrics metrics;
  private final Duration maxLag;
  private final Clock clock;

  /** What {@code /healthz} answers. */
  public record Verdict(List<String> reasons) {
    public boolean healthy() {
      return reasons.isEmpty();
    }

    /** "ok", or one reason per line. */
    public String text() {
      return healthy() ? "ok\n" : String.join("\n", reasons) + "\n";
    }
  }

  /**
   * @param mappings the daemon's current mappings (a supplier, so a reloaded config is seen)
   * @param maxLag {@code health_max_lag}, null for none
   */
  public HealthCheck(Supplier<List<MappingRuntime>> mappings, HoldStore holds, SyncMetrics metrics, Duration maxLag,
      Clock clock) {
    this.mappings = mappings;
    this.holds = holds;
    this.metrics = metrics;
    this.maxLag = maxLag;
    this.clock = clock;
  }

  public Verdict evaluate() {
    List<String> reasons = new ArrayList<>();
    for (MappingRuntime mapping : mappings.get()) {
      MappingHealth.Blocked blocked = mapping.health().blockedState();
      if (blocked != null) {
        reasons.add("blocked: " + LogSafe.text(mapping.name()) + " since " + blocked.since() + ": "
            + LogSafe.text(blocked.reason()));
      }
    }
    for (Map.Entry<StatusKey, DeleteHold> e : holds.all().entrySet()) {
      DeleteHold hold = e.getValue();
      if (hold.holding()) {
        StatusKey k = e.getKey();
        reasons.add("deletes held: " + LogSafe.text(k.account() + "/" + k.container()) + " (target " + k.targetId()
            + "): " + hold.deletesHeld() + " remote deletes held since " + hold.heldSince()
            + " (max_deletes_per_pass); lift with cloudsync release-deletes");
      }
    }
    if (maxLag != null) {
      metrics.lags(clock.instant()).forEach((container, lag) -> {
        if (lag.compareTo(maxLag) > 0) {
          reasons.add("lagging: " + LogSafe.text(container) + " is " + lag.toSeconds() + " s behind (health_max_lag "
              + maxLag.toSeconds() + " s)");
        }
      });
    }
    return new Verdict(List.copyOf(reasons));
  }
}
