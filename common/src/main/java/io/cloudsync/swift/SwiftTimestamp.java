package io.cloudsync.swift;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * A Swift timestamp: seconds since the epoch with 10 µs precision, plus an offset that orders
 * events carrying the same time (Swift's {@code Timestamp}). {@link #normal()} gives the
 * {@code 1500000000.00000} form, {@link #internal()} the {@code 1500000000.00000_0000000000000001}
 * form Swift accepts in {@code X-Timestamp}.
 *
 * @param ticks time in units of 10 µs since the epoch
 * @param offset Swift's tie-breaking offset, 0 for ordinary writes
 */
public record SwiftTimestamp(long ticks, long offset) implements Comparable<SwiftTimestamp> {
  private static final long TICKS_PER_SECOND_LONG = 100_000;
  private static final BigDecimal TICKS_PER_SECOND = BigDecimal.valueOf(TICKS_PER_SECOND_LONG);

  public SwiftTimestamp {
    if (ticks < 0 || offset < 0) {
      throw new IllegalArgumentException("negative timestamp: " + ticks + "_" + offset);
    }
  }

  /**
   * Parses {@code 1500000000.00000}, {@code 1500000000.1}, or the internal {@code …_<hex offset>}
   * form. The usual forms (up to 13 integer digits, at most 5 decimals) are parsed with long
   * arithmetic, since a crawl parses one per row; anything else (more decimals, which are
   * rounded half-even to 10 µs, exponents) takes the exact {@link BigDecimal} path.
   */
  public static SwiftTimestamp parse(String text) {
    String value = text.trim();
    long offset = 0;
    int end = value.indexOf('_');
    if (end >= 0) {
      try {
        offset = Long.parseUnsignedLong(value, end + 1, value.length(), 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a Swift timestamp: '" + text + "' (offset is not hex)", e);
      }
    } else {
      end = value.length();
    }
    long ticks = plainTicks(value, end);
    if (ticks < 0) {
      ticks = decimalTicks(text, value.substring(0, end));
    }
    return new SwiftTimestamp(ticks, offset);
  }

  /** {@code digits[.digits]} with 1–13 integer digits and 0–5 decimals, in ticks; -1 for any other form. */
  private static long plainTicks(String value, int end) {
    long seconds = 0;
    int i = 0;
    for (; i < end; i++) {
      char c = value.charAt(i);
      if (c == '.') {
        break;
      }
      if (c < '0' || c > '9' || i >= 13) {
        return -1;
      }
      seconds = seconds * 10 + (c - '0');
    }
    if (i == 0) {
      return -1;
    }
    long fraction = 0;
    int decimals = end - i - 1;
    if (decimals > 5) {
      return -1;
    }
    for (int j = i + 1; j < end; j++) {
      char c = value.charAt(j);
      if (c < '0' || c > '9') {
        return -1;
      }
      fraction = fraction * 10 + (c - '0');
    }
    for (int d = Math.max(decimals, 0); d < 5; d++) {
      fraction *= 10;
    }
    return seconds * TICKS_PER_SECOND_LONG + fraction;
  }

  private static long decimalTicks(String text, String value) {
    try {
      BigDecimal seconds = new BigDecimal(value);
      long ticks = seconds.multiply(TICKS_PER_SECOND).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
      if (ticks < 0) {
        throw new IllegalArgumentException("not a Swift timestamp: '" + text + "' (negative)");
      }
      return ticks;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a Swift timestamp: '" + text + "'", e);
    }
  }

  public static SwiftTimestamp ofInstant(Instant instant) {
    long ticks = Math.floorDiv(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000, 10L);
    return new SwiftTimestamp(ticks, 0);
  }

  public Instant toInstant() {
    return Instant.ofEpochSecond(ticks / 100_000, (ticks % 100_000) * 10_000L);
  }

  /** The same time with {@code delta} added to the offset. */
  public SwiftTimestamp withOffsetPlus(long delta) {
    return new SwiftTimestamp(ticks, offset + delta);
  }

  /** The same time shifted by {@code deltaTicks} units of 10 µs (used by {@code created_at} deltas). */
  public SwiftTimestamp plusTicks(long deltaTicks) {
    return new SwiftTimestamp(ticks + deltaTicks, 0);
  }

  /** {@code %016.05f}: {@code 1500000000.00000}. */
  public String normal() {
    return String.format("%010d.%05d", ticks / 100_000, ticks % 100_000);
  }

  /** {@code %016.05f_%016x} when there is an offset, else {@link #normal()}. */
  public String internal() {
    return offset == 0 ? normal() : normal() + "_" + String.format("%016x", offset);
  }

  @Override
  public int compareTo(SwiftTimestamp other) {
    int byTime = Long.compare(ticks, other.ticks);
    return byTime != 0 ? byTime : Long.compare(offset, other.offset);
  }

  @Override
  public String toString() {
    return internal();
  }
}
