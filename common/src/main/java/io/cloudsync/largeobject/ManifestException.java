package io.cloudsync.largeobject;

/**
 * A Static Large Object's manifest cannot be used: not the JSON list Swift stores, an entry without
 * a segment name or size, an impossible range, nesting deeper than Swift allows. Retrying does not
 * help until the object is written again.
 */
public final class ManifestException extends Exception {
  public ManifestException(String message) {
    super(message);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
  }
}
