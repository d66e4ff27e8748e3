package io.cloudsync.migrate.plan;

import io.cloudsync.swift.SwiftTimestamp;
import java.util.Objects;

/**
 * One object of a listing (source or local), in Swift terms.
 *
 * @param name object name
 * @param time its time at 10 µs resolution (Swift listing {@code last_modified}, S3 {@code LastModified})
 * @param hash ETag without quotes, possibly empty
 * @param bytes size
 */
public record Entry(String name, SwiftTimestamp time, String hash, long bytes) {
  public Entry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(time, "time");
    hash = hash == null ? "" : hash;
  }
}
