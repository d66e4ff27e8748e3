package io.cloudsync.migrate.state;

/** Counts of one container's (or one migration's) pass. */
public record PassTotals(long scanned, long copied, long bytes, long deleted, long errors) {
  public static final PassTotals ZERO = new PassTotals(0, 0, 0, 0, 0);

  public PassTotals plus(PassTotals o) {
    return new PassTotals(scanned + o.scanned, copied + o.copied, bytes + o.bytes, deleted + o.deleted,
        errors + o.errors);
  }
}
