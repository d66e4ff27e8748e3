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
  private static final BigDecimal TICKS_PER_SECOND = BigDecimal.valueOf(100_000);

  public SwiftTimestamp {
    if (ticks < 0 || offset < 0) {
      throw new IllegalArgumentException("negative timestamp: " + ticks + "_" + offset);
    }
  }

  /** Parses {@code 1500000000.00000}, {@code 1500000000.1}, or the internal {@code …_<hex offset>} form. */
  public static SwiftTimestamp parse(String text) {
    String value = text.trim();
    long offset = 0;
    int underscore = value.indexOf('_');
    if (underscore >= 0) {
      offset = Long.parseUnsignedLong(value.substring(underscore + 1), 16);
      value = value.substring(0, underscore);
    }
    try {
      BigDecimal seconds = new BigDecimal(value);
      long ticks = seconds.multiply(TICKS_PER_SECOND).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
      return new SwiftTimestamp(ticks, offset);
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
