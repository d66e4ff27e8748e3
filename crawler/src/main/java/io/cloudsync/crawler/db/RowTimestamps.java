package io.cloudsync.crawler.db;

import io.cloudsync.swift.SwiftTimestamp;
import java.util.Objects;

/**
 * The three times encoded in an object row's {@code created_at}.
 *
 * @param data when the object's data was written (PUT) or deleted
 * @param contentType when its content type was last set (PUT, or a POST that changed it)
 * @param meta when its metadata was last set (PUT or POST); the newest of the three
 */
public record RowTimestamps(SwiftTimestamp data, SwiftTimestamp contentType, SwiftTimestamp meta) {
  public RowTimestamps {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(meta, "meta");
  }
}
