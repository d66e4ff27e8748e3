package io.cloudsync.swift;

/** The node-local internal proxy answered with an unexpected status, or could not be reached. */
public final class LocalSwiftException extends Exception {
  private final int status;

  public LocalSwiftException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status, or 0 when the proxy could not be reached. */
  public int status() {
    return status;
  }
}
