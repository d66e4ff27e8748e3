package io.cloudsync.crawler.db;

import io.cloudsync.swift.SwiftTimestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Swift's {@code decode_timestamps} for the {@code created_at} column:
 * {@code <t_data>[<±hex delta_ctype>[<±hex delta_meta>]]}. Deltas are signed hex in units of
 * 10 µs, the content-type delta relative to the data time and the meta delta relative to the
 * content-type time; a missing delta means "same as the previous". A zero delta keeps the previous
 * timestamp including its offset ({@code _<hex>} suffix of {@code t_data}); a non-zero delta gives
 * a timestamp without offset, as in Swift.
 */
public final class CreatedAt {
  private CreatedAt() {
  }

  /**
   * Decodes a {@code created_at} value.
   *
   * @throws IllegalArgumentException when the text is not a valid encoding (the message quotes it)
   */
  public static RowTimestamps decode(String encoded) {
    if (encoded == null || encoded.isBlank()) {
      throw new IllegalArgumentException("empty created_at");
    }
    if (encoded.indexOf('+') < 0 && encoded.indexOf('-') < 0) {
      return single(encoded);  // a plain PUT or DELETE: most rows, so no splitting
    }
    List<String> parts = new ArrayList<>(3);
    List<Integer> signs = new ArrayList<>(3);
    for (String positive : encoded.split("\\+", -1)) {
      String[] negatives = positive.split("-", -1);
      for (int i = 0; i < negatives.length; i++) {
        parts.add(negatives[i]);
        signs.add(i == 0 ? 1 : -1);
      }
    }
    try {
      SwiftTimestamp data = SwiftTimestamp.parse(parts.get(0));
      SwiftTimestamp contentType = parts.size() > 1 ? shift(data, signs.get(1), parts.get(1)) : data;
      SwiftTimestamp meta = parts.size() > 2 ? shift(contentType, signs.get(2), parts.get(2)) : contentType;
      return new RowTimestamps(data, contentType, meta);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid created_at '" + encoded + "': " + e.getMessage(), e);
    }
  }

  private static RowTimestamps single(String encoded) {
    try {
      SwiftTimestamp data = SwiftTimestamp.parse(encoded);
      return new RowTimestamps(data, data, data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid created_at '" + encoded + "': " + e.getMessage(), e);
    }
  }

  private static SwiftTimestamp shift(SwiftTimestamp base, int sign, String hexDelta) {
    if (hexDelta.isEmpty()) {
      throw new IllegalArgumentException("empty delta");
    }
    long delta = sign * Long.parseLong(hexDelta, 16);
    if (delta == 0) {
      return base;
    }
    if (base.ticks() + delta <= 0) {
      throw new IllegalArgumentException("delta " + delta + " takes the time below zero");
    }
    return base.plusTicks(delta);
  }
}
