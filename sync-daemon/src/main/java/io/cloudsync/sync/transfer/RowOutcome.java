package io.cloudsync.sync.transfer;

/**
 * How one row ended.
 *
 * @param kind what happened
 * @param detail a short human-readable reason (for failures: what to tell the operator)
 * @param bytes body bytes sent to the remote store
 * @param cause for failures, a short label of the cause ({@code auth}, {@code unreachable},
 *     {@code no_such_bucket}, {@code transient}, {@code local_proxy}, {@code local}...), else null
 */
public record RowOutcome(Kind kind, String detail, long bytes, String cause) {
  public RowOutcome(Kind kind, String detail, long bytes) {
    this(kind, detail, bytes, null);
  }

  /** What happened to the row. */
  public enum Kind {
    COPIED, METADATA_UPDATED, ALREADY_CURRENT, DELETED_REMOTE, NOTHING, LOCAL_GONE,
    /** Failed this time; retried later with backoff. */
    FAILED,
    /** A remote delete not performed: the replica's deletes are held ({@code max_deletes_per_pass}). */
    DELETE_HELD,
    /** Can never be synced (e.g. key too long); logged once, counted, passed. */
    UNSYNCABLE,
    /** The whole mapping (credentials, endpoint, bucket) or the local proxy is failing: stop the pass. */
    BLOCKED;

    public boolean finished() {
      return this != BLOCKED;
    }
  }

  public static RowOutcome of(Kind kind) {
    return new RowOutcome(kind, "", 0);
  }

  public static RowOutcome of(Kind kind, String detail) {
    return new RowOutcome(kind, detail, 0);
  }

  /** A failure ({@link Kind#FAILED} or {@link Kind#BLOCKED}) with its cause label. */
  public static RowOutcome failure(Kind kind, String detail, String cause) {
    return new RowOutcome(kind, detail, 0, cause);
  }
}
