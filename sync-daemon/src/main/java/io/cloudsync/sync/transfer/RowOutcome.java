package io.cloudsync.sync.transfer;

/**
 * How one row ended.
 *
 * @param kind what happened
 * @param detail a short human-readable reason (for failures: what to tell the operator)
 * @param bytes body bytes sent to the remote store
 */
public record RowOutcome(Kind kind, String detail, long bytes) {
  /** What happened to the row. */
  public enum Kind {
    COPIED, METADATA_UPDATED, ALREADY_CURRENT, DELETED_REMOTE, NOTHING, LOCAL_GONE,
    /** Failed this time; retried later with backoff. */
    FAILED,
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
}
