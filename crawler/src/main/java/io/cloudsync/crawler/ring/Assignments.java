package io.cloudsync.crawler.ring;

/**
 * Swift's {@code replica2part2dev_id} table: one row per replica, each mapping a partition to a
 * device id. The last row may be shorter than the others (fractional replica counts). Two-byte
 * ids (v1 rings, most v2 rings) are kept as {@code char}s like Swift's {@code array('H')}.
 */
final class Assignments {
  private final char[][] narrow;
  private final int[][] wide;

  private Assignments(char[][] narrow, int[][] wide) {
    this.narrow = narrow;
    this.wide = wide;
  }

  static Assignments ofShorts(char[][] rows) {
    return new Assignments(rows, null);
  }

  static Assignments ofInts(int[][] rows) {
    return new Assignments(null, rows);
  }

  int rows() {
    return narrow != null ? narrow.length : wide.length;
  }

  int rowLength(int replica) {
    return narrow != null ? narrow[replica].length : wide[replica].length;
  }

  /** The device id as an unsigned value. */
  long devId(int replica, int partition) {
    return narrow != null ? narrow[replica][partition] : Integer.toUnsignedLong(wide[replica][partition]);
  }

  /** The placeholder Swift's builder writes for an unassigned slot ({@code 2^(8·bytes) − 1}). */
  long noneId() {
    return narrow != null ? 0xFFFFL : 0xFFFF_FFFFL;
  }
}
