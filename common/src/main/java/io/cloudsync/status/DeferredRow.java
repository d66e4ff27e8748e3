package io.cloudsync.status;

import java.time.Instant;

/** A live row that is not due yet ({@code copy_after}); handled once {@code due} has passed. */
public record DeferredRow(long row, String name, Instant due) {}
