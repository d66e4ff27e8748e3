package io.cloudsync.config;

import java.util.Locale;
import java.util.Optional;

/** The kind of remote store a mapping or migration talks to (JSON key {@code protocol}). */
public enum Protocol {
  /** Amazon S3 or an S3 clone; with endpoint {@code https://storage.googleapis.com}, GCS through its XML interop API (as upstream). */
  S3,
  /** Another Swift cluster; {@code aws_endpoint} is its auth URL. */
  SWIFT,
  /** Google Cloud Storage through its native JSON API (cloudsync addition). */
  GCS;

  /** The JSON spelling: {@code s3}, {@code swift} or {@code gcs}. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the JSON spelling (exact, lower case). */
  public static Optional<Protocol> fromJson(String s) {
    for (Protocol p : values()) {
      if (p.jsonName().equals(s)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
