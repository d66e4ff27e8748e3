package io.cloudsync.sync.pass;

import io.cloudsync.crawler.db.CrawlRow;
import io.cloudsync.crawler.db.RowTimestamps;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.sync.plan.RowPlan;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Verification of other nodes' rows against one remote listing read when the first due row is
 * reached (after this node's own rows, so as late as the pass allows). A row the listing shows done
 * is verified without a request: a live plain object whose remote copy has the row's ETag (and no
 * metadata-only change since its data was written, which no listing shows), a tombstone with no
 * remote copy. A row the listing shows not done waits when its owner is at work — the listing holds
 * a copy of one of the owner's rows written within the last {@code verification_slack} — since a
 * HEAD and an upload now would race the owner; otherwise the owner made no progress for a slack and
 * the verifier takes the row over (HEAD, then the usual copy). Which owners are at work is worked
 * out once, from every row after the verification cursor, so the answer does not depend on the
 * order in which owners and verifier walk their (differently numbered) replicas. Without a listing
 * every row is taken over as before (one HEAD each).
 */
final class ListedVerification {
  private final Supplier<ListedEtags> listing;
  private final int nodeCount;
  private final Instant recentSince;
  private final Rows rows;
  private boolean[] atWork;

  /** What the verifier does with one due row of another node. */
  enum Decision {
    /** The listing shows the row done: verified, no request. */
    CONFIRMED,
    /** Its owner is at work: the verification cursor stops before it. */
    WAIT,
    /** HEAD and copy it, as when the owner is gone. */
    TAKE_OVER
  }

  /** The rows after the verification cursor, read once to see which owners are at work. */
  interface Rows {
    void forEach(java.util.function.Consumer<CrawlRow> each) throws IOException;
  }

  /**
   * @param recentSince copies written at or after this (now - slack) show their owner at work
   */
  ListedVerification(Supplier<ListedEtags> listing, int nodeCount, Instant recentSince, Rows rows) {
    this.listing = listing;
    this.nodeCount = nodeCount;
    this.recentSince = recentSince;
    this.rows = rows;
  }

  /** The decision for a due row of another node that needs {@code plan} (a copy or a remote delete). */
  Decision decide(CrawlRow row, RowPlan plan) throws IOException {
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
    if (done) {
      return Decision.CONFIRMED;
    }
    return atWork(listed)[RowOwnership.ownerIndex(row.name(), nodeCount)] ? Decision.WAIT : Decision.TAKE_OVER;
  }

  private boolean[] atWork(ListedEtags listed) throws IOException {
    if (atWork == null) {
      boolean[] found = new boolean[nodeCount];
      rows.forEach(row -> {
        if (judgedByListing(row) && listed.lookup(row.name(), row.listedEtag()) == ListedEtags.Lookup.SAME_ETAG) {
          Instant written = listed.modified(row.name());
          if (written != null && !written.isBefore(recentSince)) {
            found[RowOwnership.ownerIndex(row.name(), nodeCount)] = true;
          }
        }
      });
      atWork = found;
    }
    return atWork;
  }

  /**
   * A live row whose listed ETag says all: a plain object (an SLO's row ETag is its manifest's)
   * whose metadata was not changed after its data (a POST, which a listing does not show).
   */
  private static boolean judgedByListing(CrawlRow row) {
    if (row.deleted() || row.listedEtag() == null) {
      return false;
    }
    RowTimestamps times = row.timestamps();
    return times.meta().compareTo(times.data()) == 0;
  }
}
