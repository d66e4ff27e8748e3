package io.cloudsync.status;

import java.time.Instant;

/**
 * A row that failed and is retried with capped exponential backoff, kept durably so the cursor
 * can move past it.
 */
public record RetryRow(long row, String name, int attempts, Instant nextAttempt, String lastError) {}
