package io.cloudsync.shunt.archive;

/**
 * Bytes {@code start} (inclusive) to {@code end} (exclusive) of an object, as Swift's
 * {@code swob.Range.ranges_for_length} returns them (empty only for an object of no bytes).
 */
record ByteRange(long start, long end) {

  ByteRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("not a byte range: " + start + "-" + end);
    }
  }

  long length() {
    return end - start;
  }

  /** The {@code Range} header that asks for exactly these bytes. */
  String header() {
    return "bytes=" + start + "-" + (end - 1);
  }

  /** The {@code Content-Range} value of these bytes of an object of {@code objectLength} bytes. */
  String contentRange(long objectLength) {
    return "bytes " + start + "-" + (end - 1) + "/" + objectLength;
  }

  /** Swift's test for overlapping ranges (sharing an end point does not count). */
  boolean overlaps(ByteRange o) {
    return (start < o.start && o.start < end) || (start < o.end && o.end < end)
        || (o.start < start && start < o.end) || (o.start < end && end < o.end);
  }

  /** Python's tuple order, which Swift uses to tell ascending range sets. */
  boolean after(ByteRange o) {
    return start > o.start || (start == o.start && end > o.end);
  }
}
