package io.cloudsync.store.gcs;

/**
 * One byte range of a {@code Range: bytes=…} header resolved against an object's size. A header
 * with several ranges, or one that does not parse, is ignored (the whole object is answered), as
 * S3 does; a range that starts past the end is unsatisfiable (416).
 *
 * @param first first byte
 * @param last last byte (inclusive)
 */
record GcsRange(long first, long last) {
  /** A range no byte of the object satisfies. */
  static final GcsRange UNSATISFIABLE = new GcsRange(-1, -1);

  /** The range, {@link #UNSATISFIABLE}, or null for the whole object. */
  static GcsRange parse(String header, long size) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
      return null;
    }
    String spec = h.substring(6).strip();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String from = spec.substring(0, dash).strip();
      String to = spec.substring(dash + 1).strip();
      if (from.isEmpty()) {
        long suffix = Long.parseLong(to);
        return suffix <= 0 || size == 0 ? UNSATISFIABLE : new GcsRange(Math.max(0, size - suffix), size - 1);
      }
      long first = Long.parseLong(from);
      long last = to.isEmpty() ? size - 1 : Long.parseLong(to);
      if (last < first) {
        return null;
      }
      return first >= size ? UNSATISFIABLE : new GcsRange(first, Math.min(last, size - 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  long length() {
    return last - first + 1;
  }

  String contentRange(long size) {
    return this == UNSATISFIABLE ? "bytes */" + size : "bytes " + first + "-" + last + "/" + size;
  }
}
