package io.cloudsync.sync.pass;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.crawler.db.CrawlRow;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.swift.SwiftTimestamp;
import io.cloudsync.sync.pass.ListedVerification.Decision;
import io.cloudsync.sync.plan.RowPlan;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ListedVerificationTest {
  private static final String ETAG = "0123456789abcdef0123456789abcdef";
  private static final SwiftTimestamp DATA = SwiftTimestamp.ofInstant(Instant.parse("2026-01-01T00:00:00Z"));
  private static final RowPlan COPY = new RowPlan.Copy();

  private static String ownedBy(int node, String prefix) {
    for (int i = 0; ; i++) {
      if (RowOwnership.ownerIndex(prefix + i, 3) == node) {
        return prefix + i;
      }
    }
  }

  private static CrawlRow live(String name, String etag) {
    return new CrawlRow(1, name, DATA.internal(), false, etag, "application/octet-stream");
  }

  @Test
  void aListedCopyWithTheRowsEtagIsVerifiedWithoutARequest() {
    String a = ownedBy(1, "a");
    ListedVerification v = new ListedVerification(() -> new ListedEtags.Builder().add(a, ETAG).build(), 3);
    assertThat(v.decide(live(a, ETAG), COPY)).isEqualTo(Decision.CONFIRMED);
    assertThat(v.confirmed()).isEqualTo(1);
  }

  @Test
  void aRowMissingFromTheListingWaitsForAnOwnerSeenAtWorkAndIsTakenOverFromOneNotSeenAtWork() {
    String done = ownedBy(1, "done");
    String pending = ownedBy(1, "pending");
    String stopped = ownedBy(2, "stopped");
    ListedVerification v = new ListedVerification(() -> new ListedEtags.Builder().add(done, ETAG).build(), 3);
    assertThat(v.decide(live(stopped, ETAG), COPY)).as("owner 2: nothing of it listed").isEqualTo(Decision.TAKE_OVER);
    assertThat(v.decide(live(done, ETAG), COPY)).isEqualTo(Decision.CONFIRMED);
    assertThat(v.decide(live(pending, ETAG), COPY)).as("owner 1 is uploading").isEqualTo(Decision.WAIT);
    assertThat(v.decide(live(pending, "ffffffffffffffffffffffffffffffff"), COPY)).as("another ETag listed")
        .isEqualTo(Decision.WAIT);
  }

  @Test
  void rowsAListingCannotJudgeAreHeadedWhenPresent() {
    String slo = ownedBy(1, "slo");
    String posted = ownedBy(1, "posted");
    String done = ownedBy(1, "done");
    ListedVerification v = new ListedVerification(() -> new ListedEtags.Builder().add(done, ETAG).add(slo, "x-2")
        .add(posted, ETAG).build(), 3);
    assertThat(v.decide(live(done, ETAG), COPY)).isEqualTo(Decision.CONFIRMED);
    CrawlRow sloRow = new CrawlRow(2, slo, DATA.internal(), false, ETAG, "application/x;swift_bytes=10");
    assertThat(v.decide(sloRow, COPY)).isEqualTo(Decision.TAKE_OVER);
    SwiftTimestamp meta = SwiftTimestamp.ofInstant(Instant.parse("2026-01-01T00:01:00Z"));
    CrawlRow postedRow = new CrawlRow(3, posted, DATA.internal() + "+0+" + Long.toHexString(meta.ticks() - DATA.ticks()),
        false, ETAG, "text/plain");
    assertThat(postedRow.timestamps().meta()).isEqualTo(meta);
    assertThat(v.decide(postedRow, COPY)).as("metadata changed after the data: only a HEAD tells")
        .isEqualTo(Decision.TAKE_OVER);
  }

  @Test
  void aTombstoneWhoseCopyIsGoneIsVerified() {
    String gone = ownedBy(0, "gone");
    String still = ownedBy(0, "still");
    ListedVerification v = new ListedVerification(() -> new ListedEtags.Builder().add(still, ETAG).build(), 3);
    CrawlRow goneRow = new CrawlRow(4, gone, DATA.internal(), true, null, null);
    CrawlRow stillRow = new CrawlRow(5, still, DATA.internal(), true, null, null);
    assertThat(v.decide(goneRow, new RowPlan.DeleteRemote())).isEqualTo(Decision.CONFIRMED);
    assertThat(v.decide(stillRow, new RowPlan.DeleteRemote())).isEqualTo(Decision.WAIT);
  }

  @Test
  void withoutAListingEveryRowIsTakenOverAndTheListingIsReadOnce() {
    AtomicInteger reads = new AtomicInteger();
    ListedVerification v = new ListedVerification(new Memo<>(() -> {
      reads.incrementAndGet();
      return ListedEtags.UNLISTED;
    }), 3);
    assertThat(v.decide(live(ownedBy(1, "x"), ETAG), COPY)).isEqualTo(Decision.TAKE_OVER);
    assertThat(v.decide(live(ownedBy(1, "y"), ETAG), COPY)).isEqualTo(Decision.TAKE_OVER);
    assertThat(reads).hasValue(1);
  }
}
