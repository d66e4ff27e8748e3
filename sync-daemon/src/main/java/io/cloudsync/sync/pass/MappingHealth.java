package io.cloudsync.sync.pass;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a mapping can make progress in this pass. The first failure that affects the whole
 * mapping (bad credentials, unreachable endpoint, missing bucket, local proxy down) stops it for
 * the rest of the pass and is logged once; the next pass tries again. Across passes, the block
 * an operator sees ({@link #blockedState()}: reason and since when) lasts until a pass ends
 * without one, so a probe at the start of each pass does not make it flicker.
 */
public final class MappingHealth {
  private static final Logger LOG = LoggerFactory.getLogger(MappingHealth.class);

  private final String mapping;
  private final AtomicReference<String> blocked = new AtomicReference<>();
  private final AtomicReference<String> passFailure = new AtomicReference<>();
  private final AtomicLong awaitingRetry = new AtomicLong();
  private final AtomicReference<Blocked> lastBlock = new AtomicReference<>();
  private final Clock clock;

  /** Why a mapping is blocked and since when (the first pass it was blocked in). */
  public record Blocked(String reason, Instant since) {}

  public MappingHealth(String mapping) {
    this(mapping, Clock.systemUTC());
  }

  public MappingHealth(String mapping, Clock clock) {
    this.mapping = mapping;
    this.clock = clock;
  }

  /** The block an operator should see, or null: kept from the first blocked pass until a pass ends unblocked. */
  public Blocked blockedState() {
    return lastBlock.get();
  }

  /** The end of a pass: a block that did not happen again in it is over. */
  public void passEnded() {
    String reason = blocked.get();
    if (reason == null) {
      if (lastBlock.getAndSet(null) != null) {
        LOG.info("mapping {}: no longer blocked", mapping);
      }
    }
  }

  /** Starts a new pass with a clean slate. */
  public void reset() {
    blocked.set(null);
    passFailure.set(null);
    awaitingRetry.set(0);
  }

  /** A container's pass could not finish (its DB unreadable, its status file not writable). */
  public void passFailed(String reason) {
    passFailure.compareAndSet(null, reason);
  }

  /** After a container's pass: rows of it that failed and wait for their retry. */
  public void awaitingRetry(long rows) {
    awaitingRetry.addAndGet(rows);
  }

  /**
   * Why this pass did not sync everything it should have, or null: the mapping was blocked, a
   * container's pass failed, or rows failed and await a retry. Unsyncable rows are not a reason.
   */
  public String incomplete() {
    if (blocked.get() != null) {
      return blocked.get();
    }
    if (passFailure.get() != null) {
      return passFailure.get();
    }
    long rows = awaitingRetry.get();
    return rows > 0 ? rows + (rows == 1 ? " row failed and awaits" : " rows failed and await") + " a retry" : null;
  }

  public void block(String reason) {
    if (blocked.compareAndSet(null, reason)) {
      lastBlock.updateAndGet(b -> new Blocked(reason, b == null ? clock.instant() : b.since()));
      LOG.error("mapping {}: {}; nothing more is sent for it in this pass, retrying next pass", mapping, reason);
    }
  }

  /** Stops the mapping for a daemon shutdown (not an error, so not logged as one). */
  public void stop() {
    blocked.compareAndSet(null, "daemon is shutting down");
  }

  public boolean isBlocked() {
    return blocked.get() != null;
  }

  public String reason() {
    return blocked.get();
  }
}
