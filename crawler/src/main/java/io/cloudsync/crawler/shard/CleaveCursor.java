package io.cloudsync.crawler.shard;

import io.cloudsync.crawler.db.ShardRange;

/**
 * Cleaving progress of a retiring DB (Swift's {@code CleavingContext}): every name up to {@code
 * cursor} is in the shard containers, or every name once {@code done}.
 */
public record CleaveCursor(String cursor, boolean done) {
  public static final CleaveCursor NONE = new CleaveCursor("", false);

  public CleaveCursor {
    cursor = cursor == null ? "" : cursor;
  }

  /** Whether the row of {@code name} in the retiring DB was handed over to a shard container. */
  public boolean handedOver(String name) {
    if (done) {
      return true;
    }
    return !cursor.isEmpty() && new ShardRange("", "", cursor, 0, false, null).includes(name);
  }

  /** Whether nothing was handed over. */
  public boolean none() {
    return !done && cursor.isEmpty();
  }
}
