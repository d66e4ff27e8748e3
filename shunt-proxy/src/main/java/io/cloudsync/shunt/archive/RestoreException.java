package io.cloudsync.shunt.archive;

/** Why a restore-on-read could not write into local Swift; the message is meant for the log. */
final class RestoreException extends RuntimeException {
  RestoreException(String message) {
    super(message, null, false, false);
  }
}
