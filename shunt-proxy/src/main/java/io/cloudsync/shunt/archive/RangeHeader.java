package io.cloudsync.shunt.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code Range} header read as Swift reads it ({@code swob.Range}): {@code bytes=} in any case,
 * spaces ignored, comma-separated {@code first-last}, {@code first-} or {@code -suffix}. Anything
 * else makes the whole header invalid, and Swift then ignores it (the whole object, 200).
 *
 * @param specs the ranges as sent
 */
record RangeHeader(List<Spec> specs) {
  /** Swift's limits on "egregious" range sets (swob: MAX_RANGES, MAX_RANGE_OVERLAPS, MAX_NONASCENDING_RANGES). */
  static final int MAX_RANGES = 50;
  static final int MAX_OVERLAPS = 2;
  static final int MAX_NONASCENDING = 8;
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

  /**
   * One range as sent.
   *
   * @param first the first byte, or null for a suffix range
   * @param last the last byte (or, for a suffix range, how many bytes), or null for "to the end"
   */
  record Spec(Long first, Long last) {}

  RangeHeader {
    specs = List.copyOf(specs);
  }

  /** Whether {@code value} names more than one range (valid or not): not a single-range read. */
  static boolean severalRanges(String value) {
    return value != null && value.indexOf(',') >= 0;
  }

  /** The header's ranges, or empty when Swift would find it invalid (and ignore it). */
  static Optional<RangeHeader> parse(String value) {
    String v = value == null ? "" : value.replace(" ", "");
    if (!v.regionMatches(true, 0, "bytes=", 0, 6)) {
      return Optional.empty();
    }
    List<Spec> specs = new ArrayList<>();
    for (String spec : v.substring(6).split(",", -1)) {
      int dash = spec.indexOf('-');
      if (dash < 0) {
        return Optional.empty();
      }
      String first = spec.substring(0, dash);
      String last = spec.substring(dash + 1);
      if ((first.isEmpty() && last.isEmpty()) || !(first.isEmpty() || DIGITS.matcher(first).matches())
          || !(last.isEmpty() || DIGITS.matcher(last).matches())) {
        return Optional.empty();
      }
      Spec s = new Spec(first.isEmpty() ? null : Long.valueOf(first), last.isEmpty() ? null : Long.valueOf(last));
      if (s.first() != null && s.last() != null && s.last() < s.first()) {
        return Optional.empty();
      }
      specs.add(s);
    }
    return Optional.of(new RangeHeader(specs));
  }

  /**
   * Swift's {@code ranges_for_length}: the satisfiable ranges of an object of {@code length} bytes,
   * in the order asked, not coalesced; empty (416) when none is satisfiable or the set is egregious
   * (more than 50 ranges, more than 2 overlapping pairs, or 8 or more out of order).
   */
  List<ByteRange> satisfiable(long length) {
    List<ByteRange> all = new ArrayList<>();
    for (Spec s : specs) {
      if (s.first() == null) {
        if (s.last() != 0) {
          all.add(new ByteRange(s.last() > length ? 0 : length - s.last(), length));
        }
      } else if (s.first() < length) {
        all.add(new ByteRange(s.first(), s.last() == null ? length : Math.min(s.last() + 1, length)));
      }
    }
    return egregious(all) ? List.of() : List.copyOf(all);
  }

  private static boolean egregious(List<ByteRange> ranges) {
    if (ranges.size() > MAX_RANGES) {
      return true;
    }
    int overlaps = 0;
    for (int i = 0; i < ranges.size(); i++) {
      for (int j = i + 1; j < ranges.size(); j++) {
        if (ranges.get(i).overlaps(ranges.get(j)) && ++overlaps > MAX_OVERLAPS) {
          return true;
        }
      }
    }
    for (int i = 0; i + 1 < ranges.size(); i++) {
      if (ranges.get(i).after(ranges.get(i + 1))) {
        return ranges.size() >= MAX_NONASCENDING;
      }
    }
    return false;
  }
}
