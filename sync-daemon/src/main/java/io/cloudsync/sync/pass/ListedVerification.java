package io.cloudsync.sync.pass;

import io.cloudsync.crawler.db.CrawlRow;
import io.cloudsync.crawler.db.RowTimestamps;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.sync.plan.RowPlan;
import java.util.function.Supplier;

/**
 * Verification of other nodes' rows against one remote listing read when the first due row is
 * reached (after this node's own rows, so as late as the pass allows). A row the listing shows done
 * is verified without a request: a live plain object whose remote copy has the row's ETag (and no
 * metadata-only change since its data was written, which no listing shows), a tombstone with no
 * remote copy. For a row the listing shows not done, the answer depends on its owner: when rows of
 * that owner were found done earlier in this crawl, the owner is at work and the verifier
 * {@link Decision#WAIT}s for it (a HEAD and an upload now would race it); when none were, the owner
 * made no progress a listing can see and the verifier {@link Decision#TAKE_OVER}s (HEAD, then the
 * usual copy). Without a listing every row is taken over as before (one HEAD each).
 */
final class ListedVerification {
  private final Supplier<ListedEtags> listing;
  private final boolean[] ownerProgressed;
  private final int nodeCount;
  private long confirmed;

  /** What the verifier does with one due row of another node. */
  enum Decision {
    /** The listing shows the row done: verified, no request. */
    CONFIRMED,
    /** Its owner is at work: the verification cursor stops before it. */
    WAIT,
    /** HEAD and copy it, as when the owner is gone. */
    TAKE_OVER
  }

  ListedVerification(Supplier<ListedEtags> listing, int nodeCount) {
    this.listing = listing;
    this.nodeCount = nodeCount;
    this.ownerProgressed = new boolean[nodeCount];
  }

  /** The decision for a due row of another node that needs {@code plan} (a copy or a remote delete). */
  Decision decide(CrawlRow row, RowPlan plan) {
    ListedEtags listed = listing.get();
    if (listed == ListedEtags.UNLISTED) {
      return Decision.TAKE_OVER;
    }
    boolean done;
    if (plan instanceof RowPlan.DeleteRemote) {
      done = listed.lookup(row.name(), "") == ListedEtags.Lookup.ABSENT;
    } else if (judgedByListing(row)) {
      done = listed.lookup(row.name(), row.listedEtag()) == ListedEtags.Lookup.SAME_ETAG;
    } else if (listed.lookup(row.name(), "") != ListedEtags.Lookup.ABSENT) {
      return Decision.TAKE_OVER; // present, but only a HEAD can tell whether it is current
    } else {
      done = false;
    }
    int owner = RowOwnership.ownerIndex(row.name(), nodeCount);
    if (done) {
      ownerProgressed[owner] = true;
      confirmed++;
      return Decision.CONFIRMED;
    }
    return ownerProgressed[owner] ? Decision.WAIT : Decision.TAKE_OVER;
  }

  /** Rows verified by the listing so far. */
  long confirmed() {
    return confirmed;
  }

  /**
   * A live row whose listed ETag says all: a plain object (an SLO's row ETag is its manifest's)
   * whose metadata was not changed after its data (a POST, which a listing does not show).
   */
  private static boolean judgedByListing(CrawlRow row) {
    if (row.listedEtag() == null) {
      return false;
    }
    RowTimestamps times = row.timestamps();
    return times.meta().compareTo(times.data()) == 0;
  }
}
