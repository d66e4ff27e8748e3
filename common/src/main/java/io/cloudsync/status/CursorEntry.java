package io.cloudsync.status;

import io.cloudsync.config.Policy;
import java.time.Instant;
import java.util.List;

/**
 * Progress of one mapping over one container DB replica.
 *
 * @param lastRow every own row with ROWID ≤ this is done (or recorded in {@code retries}/{@code deferred})
 * @param lastVerifiedRow every other node's row with ROWID ≤ this has been verified
 * @param awsBucket the bucket the progress was made against (a different bucket resets progress)
 * @param policy the settings the progress was made under (a change resets progress)
 * @param retries failed rows waiting for another attempt
 * @param deferred rows waiting for {@code copy_after}
 * @param unsyncable rows that can never be synced (logged once, passed)
 * @param errors row failures so far
 * @param maxRow the DB's highest ROWID seen at the last pass
 * @param oldestPending meta time of the oldest row not yet synced, or null when caught up
 * @param lastPassEnd when the last pass over this DB ended, or null
 * @param firstSeen when rows after {@code lastVerifiedRow} were first seen, ascending by row (a few
 *     checkpoints, pruned as the verification cursor passes them; empty in files written before
 *     they existed: such rows count as first seen by the next pass)
 */
public record CursorEntry(
    long lastRow,
    long lastVerifiedRow,
    String awsBucket,
    Policy policy,
    List<RetryRow> retries,
    List<DeferredRow> deferred,
    long unsyncable,
    long errors,
    long maxRow,
    Instant oldestPending,
    Instant lastPassEnd,
    List<FirstSeen> firstSeen) {

  public CursorEntry {
    retries = List.copyOf(retries);
    deferred = List.copyOf(deferred);
    firstSeen = List.copyOf(firstSeen);
  }

  /** An entry without first-seen checkpoints (as read from files that have none). */
  public CursorEntry(long lastRow, long lastVerifiedRow, String awsBucket, Policy policy, List<RetryRow> retries,
      List<DeferredRow> deferred, long unsyncable, long errors, long maxRow, Instant oldestPending,
      Instant lastPassEnd) {
    this(lastRow, lastVerifiedRow, awsBucket, policy, retries, deferred, unsyncable, errors, maxRow, oldestPending,
        lastPassEnd, List.of());
  }

  /** A fresh start for this bucket and policy. */
  public static CursorEntry start(String awsBucket, Policy policy) {
    return new CursorEntry(0, 0, awsBucket, policy, List.of(), List.of(), 0, 0, 0, null, null);
  }

  public long rowsBehind() {
    return Math.max(0, maxRow - lastRow) + retries.size() + deferred.size();
  }

  public CursorEntry withCursors(long newLastRow, long newLastVerifiedRow) {
    return new CursorEntry(newLastRow, newLastVerifiedRow, awsBucket, policy, retries, deferred, unsyncable,
        errors, maxRow, oldestPending, lastPassEnd, firstSeen);
  }

  public CursorEntry withQueues(List<RetryRow> newRetries, List<DeferredRow> newDeferred) {
    return new CursorEntry(lastRow, lastVerifiedRow, awsBucket, policy, newRetries, newDeferred, unsyncable,
        errors, maxRow, oldestPending, lastPassEnd, firstSeen);
  }

  public CursorEntry withCounts(long newUnsyncable, long newErrors) {
    return new CursorEntry(lastRow, lastVerifiedRow, awsBucket, policy, retries, deferred, newUnsyncable,
        newErrors, maxRow, oldestPending, lastPassEnd, firstSeen);
  }

  public CursorEntry withPass(long newMaxRow, Instant newOldestPending, Instant newLastPassEnd) {
    return new CursorEntry(lastRow, lastVerifiedRow, awsBucket, policy, retries, deferred, unsyncable, errors,
        newMaxRow, newOldestPending, newLastPassEnd, firstSeen);
  }

  public CursorEntry withFirstSeen(List<FirstSeen> newFirstSeen) {
    return new CursorEntry(lastRow, lastVerifiedRow, awsBucket, policy, retries, deferred, unsyncable, errors,
        maxRow, oldestPending, lastPassEnd, newFirstSeen);
  }
}
