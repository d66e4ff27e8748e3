package io.cloudsync.migrate.copy;

import io.cloudsync.swift.SwiftTimestamp;

/**
 * What copying one object came to.
 *
 * @param kind what happened
 * @param bytes bytes written locally (segments included)
 * @param detail why, for a failure or a skip, or null
 * @param time the {@code X-Timestamp} the local copy got, for a copy; otherwise null
 */
public record Outcome(Kind kind, long bytes, String detail, SwiftTimestamp time) {
  /** The kinds of outcome. */
  public enum Kind {
    /** Written locally with the source's time. */
    COPIED,
    /** Swift answered 409: the local object is as new or newer (a local write wins). */
    LOCAL_NEWER,
    /** Gone from the source between its listing and its read. */
    VANISHED,
    /** Not copied; retried next pass. */
    FAILED
  }

  public static Outcome copied(long bytes, SwiftTimestamp time) {
    return new Outcome(Kind.COPIED, bytes, null, time);
  }

  public static Outcome of(Kind kind, String detail) {
    return new Outcome(kind, 0, detail, null);
  }
}
