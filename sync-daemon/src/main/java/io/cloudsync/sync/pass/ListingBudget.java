package io.cloudsync.sync.pass;

/**
 * Whether a pass reads the remote listing of its container before handling its rows, and how many
 * keys it may read. A listing lets a row whose remote copy is missing or holds other data skip its
 * remote HEAD ({@link io.cloudsync.store.ListedEtags}); it pays when the HEADs it saves cost more
 * than its pages. One page of {@value #KEYS_PER_PAGE} keys is taken to cost about as much as
 * {@value #HEADS_PER_PAGE} HEADs (a request, plus ~1,000 XML entries to make and parse), so a
 * listing is read when the pass has at least {@value #HEADS_PER_PAGE} rows to handle and the
 * container holds at most {@value #KEYS_PER_ROW} objects per such row: an initial sync or a big
 * batch of new objects, not 10 changed rows in a container of 20,000. The listing stops when the
 * remote turns out to hold more keys than that (e.g. an archive whose local objects are gone), and
 * at {@value #MAX_KEYS} keys, which bounds its memory (16 bytes per slot, at most 8 MiB).
 */
record ListingBudget(long maxKeys) {
  static final int KEYS_PER_PAGE = 1_000;
  static final int HEADS_PER_PAGE = 20;
  static final int KEYS_PER_ROW = KEYS_PER_PAGE / HEADS_PER_PAGE;
  static final long MAX_KEYS = 250_000;

  /** No listing: every row is HEADed. */
  static final ListingBudget NONE = new ListingBudget(0);

  /**
   * @param rowsToHandle rows this node is expected to hand to workers in the pass
   * @param objectCount the container's object count as its DB says
   */
  static ListingBudget of(long rowsToHandle, long objectCount) {
    if (rowsToHandle < HEADS_PER_PAGE) {
      return NONE;
    }
    long worth = Math.min(MAX_KEYS, rowsToHandle * KEYS_PER_ROW);
    return objectCount > worth ? NONE : new ListingBudget(worth);
  }

  boolean lists() {
    return maxKeys > 0;
  }
}
