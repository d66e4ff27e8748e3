package io.cloudsync.sync.pass;

import io.cloudsync.status.FirstSeen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When this node first saw the rows it verifies, as a few checkpoints ({@link FirstSeen}: rows up
 * to R were first seen at T), ascending by row. A verifier waits {@code verification_slack} from
 * then, not from a row's own timestamp: a node that starts on an existing container sees every row
 * for the first time, and its owners are given the slack to upload them before anyone checks (an
 * old row is not a row its owner had time for). A checkpoint is added by each pass that sees new
 * rows, dropped once the verification cursor passes it, and at most {@value #MAX_CHECKPOINTS} are
 * kept: beyond that the two closest in time merge into the later one (their rows then wait a little
 * longer, never less).
 */
record VerifyClock(List<FirstSeen> checkpoints) {
  static final int MAX_CHECKPOINTS = 32;

  VerifyClock {
    checkpoints = List.copyOf(checkpoints);
  }

  /**
   * The checkpoints after a pass that starts with the verification cursor at {@code verified}
   * and rows up to {@code maxRow} in the DB: the passed ones dropped, the new rows (an old status
   * file's every unverified row) first seen {@code now}.
   */
  VerifyClock observe(long verified, long maxRow, Instant now) {
    List<FirstSeen> kept = new ArrayList<>(pruned(verified).checkpoints);
    long last = kept.isEmpty() ? verified : kept.get(kept.size() - 1).row();
    if (maxRow > last) {
      kept.add(new FirstSeen(maxRow, now));
    }
    while (kept.size() > MAX_CHECKPOINTS) {
      int closest = 0;
      for (int i = 1; i < kept.size() - 1; i++) {
        if (gap(kept, i) < gap(kept, closest)) {
          closest = i;
        }
      }
      kept.remove(closest); // its rows join the next checkpoint: seen at its (later) time
    }
    return new VerifyClock(kept);
  }

  /** Without the checkpoints the verification cursor {@code verified} has passed. */
  VerifyClock pruned(long verified) {
    return new VerifyClock(checkpoints.stream().filter(c -> c.row() > verified).toList());
  }

  /**
   * The highest row such that it and every row from {@code verified} to it were first seen at or
   * before {@code cutoff} (now - slack): those rows are due for verification.
   */
  long dueThrough(long verified, Instant cutoff) {
    long due = verified;
    for (FirstSeen c : checkpoints) {
      if (c.at().isAfter(cutoff)) {
        break;
      }
      due = Math.max(due, c.row());
    }
    return due;
  }

  /** When {@code row} was first seen, or null when no checkpoint covers it (seen by no pass yet). */
  Instant firstSeen(long row) {
    for (FirstSeen c : checkpoints) {
      if (c.row() >= row) {
        return c.at();
      }
    }
    return null;
  }

  /**
   * Rows after {@code keep} count as first seen {@code now}: the verifier saw their owners make
   * progress, so it gives them another slack before checking them one by one.
   */
  VerifyClock restamp(long keep, Instant now) {
    if (checkpoints.isEmpty() || checkpoints.get(checkpoints.size() - 1).row() <= keep) {
      return this;
    }
    List<FirstSeen> out = new ArrayList<>();
    for (FirstSeen c : checkpoints) {
      if (c.row() <= keep) {
        out.add(c);
      } else {
        if (out.isEmpty() || out.get(out.size() - 1).row() < keep) {
          out.add(new FirstSeen(keep, c.at())); // the rows up to keep keep their time
        }
        break;
      }
    }
    out.add(new FirstSeen(checkpoints.get(checkpoints.size() - 1).row(), now));
    return new VerifyClock(out);
  }

  /** Time between checkpoint {@code i} and the next. */
  private static long gap(List<FirstSeen> list, int i) {
    return list.get(i + 1).at().toEpochMilli() - list.get(i).at().toEpochMilli();
  }
}
