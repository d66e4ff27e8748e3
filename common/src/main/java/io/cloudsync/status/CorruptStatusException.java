package io.cloudsync.status;

/** A status entry whose values cannot be trusted (a row number that is not one). */
final class CorruptStatusException extends RuntimeException {
  CorruptStatusException(String message) {
    super(message, null, false, false);
  }
}
