package io.cloudsync.status;

import java.time.Instant;

/**
 * A checkpoint of when this node first saw rows it has to verify: every row after the previous
 * checkpoint's {@code row} (or after the verification cursor) up to {@code row} was first seen at
 * {@code at}. Kept in the status entry so that a {@code --once} run from cron keeps the clock.
 */
public record FirstSeen(long row, Instant at) {}
