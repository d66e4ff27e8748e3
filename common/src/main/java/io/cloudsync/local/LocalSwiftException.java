package io.cloudsync.local;

/** The node-local internal proxy answered with an unexpected status, or could not be reached. */
public final class LocalSwiftException extends Exception {
  /** {@link #status()} when the proxy could not be reached (refused, timed out, dropped). */
  public static final int UNREACHABLE = 0;
  /**
   * {@link #status()} when the proxy answered something the client cannot read (too many or too
   * long headers, a broken chunked body): a problem of this one object's answer, not of the proxy.
   */
  public static final int UNREADABLE_ANSWER = -1;

  private final int status;

  public LocalSwiftException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, {@link #UNREACHABLE} or {@link #UNREADABLE_ANSWER}. */
  public int status() {
    return status;
  }

  /** True when the proxy itself could not be reached: every other object would fail the same way. */
  public boolean proxyUnreachable() {
    return status == UNREACHABLE;
  }
}
