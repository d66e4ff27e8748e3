package io.cloudsync.config;

import java.util.Locale;
import java.util.Optional;

/** How the shunt lists an object present both locally and remotely (key {@code listing_duplicates}). */
public enum ListingDuplicates {
  /** {@code "once"} (default): one entry; the local entry wins. */
  ONCE,
  /** {@code "upstream"}: the remote entry, then the local one, as swift-s3-sync listed them. */
  UPSTREAM;

  /** The JSON spelling. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code "once"} or {@code "upstream"} (case-insensitive). */
  public static Optional<ListingDuplicates> fromJson(String s) {
    for (ListingDuplicates d : values()) {
      if (d.jsonName().equalsIgnoreCase(s)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
