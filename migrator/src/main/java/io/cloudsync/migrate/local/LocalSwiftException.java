package io.cloudsync.migrate.local;

/** A request to the local internal proxy that failed; {@code status} is 0 when there was no answer. */
public final class LocalSwiftException extends Exception {
  private final int status;

  public LocalSwiftException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
