package io.cloudsync.store;

/**
 * A remote-store operation failed. The {@link Kind} tells the daemon what to do about it; the
 * message is meant for an operator's log line (no stack trace needed to understand it).
 */
public final class StoreException extends Exception {
  /** What went wrong, as far as the daemon's decisions are concerned. */
  public enum Kind {
    /** Credentials rejected (401/403, SignatureDoesNotMatch, InvalidAccessKeyId): the whole mapping is stuck. */
    AUTH,
    /** Endpoint unreachable (DNS, connection refused, TLS): the whole mapping is stuck. */
    UNREACHABLE,
    /** Bucket or container does not exist: the whole mapping is stuck. */
    NO_SUCH_BUCKET,
    /** This object can never be stored there (key too long, metadata too large, name rejected). */
    REJECTED,
    /** Anything else (5xx, timeouts, digest mismatch): retry this object later. */
    TRANSIENT
  }

  private final Kind kind;

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public StoreException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** True when every object of the mapping would fail the same way, so one log line per pass suffices. */
  public boolean affectsWholeMapping() {
    return kind == Kind.AUTH || kind == Kind.UNREACHABLE || kind == Kind.NO_SUCH_BUCKET;
  }
}
