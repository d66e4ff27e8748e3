package io.cloudsync.crawler.db;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait for a container DB locked by a Swift writer: each attempt lets SQLite wait up to
 * {@code busyTimeout}; after a {@code database is locked} failure the read is retried after a
 * backoff that doubles from {@code firstBackoff} up to {@code maxBackoff}, at most
 * {@code attempts} times in all.
 *
 * @param busyTimeout SQLite's {@code busy_timeout} per attempt
 * @param attempts total attempts, at least 1
 * @param firstBackoff pause after the first failed attempt
 * @param maxBackoff the longest pause
 */
public record LockRetry(Duration busyTimeout, int attempts, Duration firstBackoff, Duration maxBackoff) {
  /** 200 ms busy timeout, 5 attempts, 50 ms backoff doubling to 800 ms: about 2.5 s at worst. */
  public static final LockRetry DEFAULT =
      new LockRetry(Duration.ofMillis(200), 5, Duration.ofMillis(50), Duration.ofMillis(800));

  public LockRetry {
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    if (busyTimeout.isNegative() || firstBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("negative duration in " + busyTimeout + "/" + firstBackoff + "/" + maxBackoff);
    }
  }

  /** The pause after failed attempt {@code n} (1-based). */
  Duration backoff(int n) {
    Duration pause = firstBackoff;
    for (int i = 1; i < n && pause.compareTo(maxBackoff) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
  }
}
