package io.cloudsync.store;

/** The target names a backend this version of cloudsync cannot talk to. */
public final class UnsupportedTargetException extends Exception {
  public UnsupportedTargetException(String message) {
    super(message);
  }
}
