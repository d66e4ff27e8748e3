package io.cloudsync.sync.pass;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.status.FirstSeen;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyClockTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant t(long seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void aFreshStartSeesEveryUnverifiedRowNowSoNothingIsDueBeforeTheSlack() {
    VerifyClock clock = new VerifyClock(List.of()).observe(0, 20_000, t(0));
    assertThat(clock.checkpoints()).containsExactly(new FirstSeen(20_000, t(0)));
    assertThat(clock.dueThrough(0, t(0).minusSeconds(60))).as("slack 60 s, at once").isZero();
    assertThat(clock.dueThrough(0, t(59).minusSeconds(60))).isZero();
    assertThat(clock.dueThrough(0, t(60).minusSeconds(60))).as("a slack later").isEqualTo(20_000);
    assertThat(clock.firstSeen(1)).isEqualTo(t(0));
    assertThat(clock.firstSeen(20_001)).isNull();
  }

  @Test
  void eachPassWithNewRowsAddsACheckpointAndTheClockSurvivesAsTheStatusEntryKeepsIt() {
    VerifyClock clock = new VerifyClock(List.of()).observe(0, 100, t(0))
        .observe(0, 100, t(5))   // nothing new: nothing added
        .observe(0, 150, t(10));
    assertThat(clock.checkpoints()).containsExactly(new FirstSeen(100, t(0)), new FirstSeen(150, t(10)));
    // a --once run a minute later, from the saved checkpoints
    VerifyClock reread = new VerifyClock(clock.checkpoints()).observe(0, 150, t(65));
    assertThat(reread.dueThrough(0, t(65).minusSeconds(60))).as("only the rows seen at t0 are due").isEqualTo(100);
    assertThat(reread.dueThrough(0, t(70).minusSeconds(60))).isEqualTo(150);
  }

  @Test
  void checkpointsTheVerificationCursorPassedAreDropped() {
    VerifyClock clock = new VerifyClock(List.of(new FirstSeen(100, t(0)), new FirstSeen(150, t(10))));
    assertThat(clock.pruned(100).checkpoints()).containsExactly(new FirstSeen(150, t(10)));
    assertThat(clock.pruned(120).checkpoints()).containsExactly(new FirstSeen(150, t(10)));
    assertThat(clock.observe(150, 150, t(20)).checkpoints()).isEmpty();
    assertThat(clock.dueThrough(120, t(0))).as("rows up to the cursor count as due").isEqualTo(120);
  }

  @Test
  void staysBoundedByMergingTheClosestCheckpointsIntoTheLaterOne() {
    VerifyClock clock = new VerifyClock(List.of());
    for (int pass = 1; pass <= 100; pass++) {
      clock = clock.observe(0, pass * 10L, t(pass + pass / 7 * 30L));
      assertThat(clock.checkpoints()).hasSizeLessThanOrEqualTo(VerifyClock.MAX_CHECKPOINTS);
    }
    assertThat(clock.checkpoints().get(clock.checkpoints().size() - 1).row()).isEqualTo(1000);
    // merging only ever makes rows wait longer: each row's time is at or after when it was really seen
    for (int pass = 1; pass <= 100; pass++) {
      long row = pass * 10L;
      assertThat(clock.firstSeen(row)).isAfterOrEqualTo(t(pass + pass / 7 * 30L));
    }
    for (int i = 1; i < clock.checkpoints().size(); i++) {
      assertThat(clock.checkpoints().get(i).row()).isGreaterThan(clock.checkpoints().get(i - 1).row());
    }
  }

  @Test
  void aRestampGivesTheRowsAfterTheStopAnotherSlackAndKeepsTheTimeOfThoseBefore() {
    VerifyClock clock = new VerifyClock(List.of(new FirstSeen(100, t(0)), new FirstSeen(150, t(10))));
    VerifyClock restamped = clock.restamp(60, t(60));
    assertThat(restamped.checkpoints()).containsExactly(new FirstSeen(60, t(0)), new FirstSeen(150, t(60)));
    assertThat(restamped.dueThrough(0, t(60).minusSeconds(60))).isEqualTo(60);
    assertThat(restamped.dueThrough(0, t(119).minusSeconds(60))).isEqualTo(60);
    assertThat(restamped.dueThrough(0, t(120).minusSeconds(60))).isEqualTo(150);
    assertThat(clock.restamp(100, t(60)).checkpoints())
        .containsExactly(new FirstSeen(100, t(0)), new FirstSeen(150, t(60)));
    assertThat(clock.restamp(150, t(60))).isEqualTo(clock);
  }
}
