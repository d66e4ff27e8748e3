package io.cloudsync.sync.pass;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.crawler.db.CrawlRow;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.swift.SwiftTimestamp;
import io.cloudsync.sync.pass.ListedVerification.Decision;
import io.cloudsync.sync.plan.RowPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ListedVerificationTest {
  private static final String ETAG = "0123456789abcdef0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
  private static final Instant RECENT = NOW.minusSeconds(60); // slack 1 min
  private static final SwiftTimestamp DATA = SwiftTimestamp.ofInstant(Instant.parse("2026-01-01T00:00:00Z"));
  private static final RowPlan COPY = new RowPlan.Copy();

  private static String ownedBy(int node, String prefix) {
    for (int i = 0; ; i++) {
      if (RowOwnership.ownerIndex(prefix + i, 3) == node) {
        return prefix + i;
      }
    }
  }

  private static CrawlRow live(String name) {
    return new CrawlRow(1, name, DATA.internal(), false, ETAG, "application/octet-stream");
  }

  private static ListedVerification verifier(ListedEtags listed, List<CrawlRow> rows) {
    return new ListedVerification(() -> listed, 3, RECENT, each -> rows.forEach(each));
  }

  @Test
  void aListedCopyWithTheRowsEtagIsVerifiedWithoutARequest() throws Exception {
    String a = ownedBy(1, "a");
    ListedVerification v = verifier(new ListedEtags.Builder().add(a, ETAG, NOW.minusSeconds(3600)).build(),
        List.of(live(a)));
    assertThat(v.decide(live(a), COPY)).isEqualTo(Decision.CONFIRMED);
  }

  @Test
  void aMissingRowWaitsWhileItsOwnerWroteACopyWithinTheSlackWhereverThatRowIs() throws Exception {
    String pending = ownedBy(1, "pending");
    String recent = ownedBy(1, "recent");
    ListedEtags listed = new ListedEtags.Builder().add(recent, ETAG, NOW.minusSeconds(5)).build();
    // the owner's recent copy comes after the missing row in this replica's order: still at work
    ListedVerification v = verifier(listed, List.of(live(pending), live(recent)));
    assertThat(v.decide(live(pending), COPY)).isEqualTo(Decision.WAIT);
    assertThat(v.decide(live(recent), COPY)).isEqualTo(Decision.CONFIRMED);
  }

  @Test
  void aMissingRowIsTakenOverWhenItsOwnerWroteNothingForASlack() throws Exception {
    String pending = ownedBy(2, "pending");
    String old = ownedBy(2, "old");        // a straggler uploaded before the owner stopped
    String other = ownedBy(1, "other");    // another owner at work says nothing about owner 2
    ListedEtags listed = new ListedEtags.Builder().add(old, ETAG, NOW.minusSeconds(61))
        .add(other, ETAG, NOW.minusSeconds(1)).build();
    ListedVerification v = verifier(listed, List.of(live(old), live(pending), live(other)));
    assertThat(v.decide(live(pending), COPY)).isEqualTo(Decision.TAKE_OVER);
    assertThat(v.decide(live(ownedBy(1, "late")), COPY)).isEqualTo(Decision.WAIT);
  }

  @Test
  void aStoreThatGivesNoTimesNeverShowsAnOwnerAtWork() throws Exception {
    String pending = ownedBy(1, "pending");
    String done = ownedBy(1, "done");
    ListedVerification v = verifier(new ListedEtags.Builder().add(done, ETAG).build(),
        List.of(live(done), live(pending)));
    assertThat(v.decide(live(pending), COPY)).isEqualTo(Decision.TAKE_OVER);
  }

  @Test
  void rowsAListingCannotJudgeAreHeadedWhenPresent() throws Exception {
    String slo = ownedBy(1, "slo");
    String posted = ownedBy(1, "posted");
    ListedEtags listed = new ListedEtags.Builder().add(slo, "x-2", NOW).add(posted, ETAG, NOW).build();
    ListedVerification v = verifier(listed, List.of());
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
  void aTombstoneWhoseCopyIsGoneIsVerified() throws Exception {
    String gone = ownedBy(0, "gone");
    String still = ownedBy(0, "still");
    ListedVerification v = verifier(new ListedEtags.Builder().add(still, ETAG, NOW).build(), List.of(live(still)));
    CrawlRow goneRow = new CrawlRow(4, gone, DATA.internal(), true, null, null);
    CrawlRow stillRow = new CrawlRow(5, still, DATA.internal(), true, null, null);
    assertThat(v.decide(goneRow, new RowPlan.DeleteRemote())).isEqualTo(Decision.CONFIRMED);
    assertThat(v.decide(stillRow, new RowPlan.DeleteRemote())).as("its owner wrote a copy just now").isEqualTo(Decision.WAIT);
  }

  @Test
  void withoutAListingEveryRowIsTakenOverAndTheListingAndRowsAreReadOnce() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    AtomicInteger scans = new AtomicInteger();
    String done = ownedBy(1, "done");
    ListedVerification unlisted = new ListedVerification(new Memo<>(() -> {
      reads.incrementAndGet();
      return ListedEtags.UNLISTED;
    }), 3, RECENT, each -> scans.incrementAndGet());
    assertThat(unlisted.decide(live(ownedBy(1, "x")), COPY)).isEqualTo(Decision.TAKE_OVER);
    assertThat(unlisted.decide(live(ownedBy(1, "y")), COPY)).isEqualTo(Decision.TAKE_OVER);
    assertThat(reads).hasValue(1);
    assertThat(scans).hasValue(0);
    List<CrawlRow> scanned = new ArrayList<>();
    ListedVerification listed = new ListedVerification(() -> new ListedEtags.Builder().add(done, ETAG, NOW).build(),
        3, RECENT, each -> {
          scans.incrementAndGet();
          List.of(live(done)).forEach(each);
        });
    listed.decide(live(ownedBy(1, "x")), COPY);
    listed.decide(live(ownedBy(2, "y")), COPY);
    assertThat(scans).hasValue(1);
  }
}
