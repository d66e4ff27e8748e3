package io.cloudsync.sync.cursor;

import java.util.TreeSet;

/**
 * Tracks rows handed to workers, which may finish in any order, and tells how far the cursor may
 * advance: over the longest prefix of rows that are all finished. Rows that need no work are
 * {@link #skipped}; rows that never finish (a mapping that stopped mid-pass) hold the cursor
 * before them.
 */
public final class CursorTracker {
  private final TreeSet<Long> inFlight = new TreeSet<>();
  private long highestSeen;

  /** @param start the cursor when the pass began: every row up to it is done */
  public CursorTracker(long start) {
    this.highestSeen = start;
  }

  /** A row was handed to a worker. Rows must be started in ascending order. */
  public synchronized void started(long row) {
    checkOrder(row);
    inFlight.add(row);
    highestSeen = row;
  }

  /** A row needed no work. */
  public synchronized void skipped(long row) {
    checkOrder(row);
    highestSeen = row;
  }

  /** A started row is finished (done, recorded for retry, deferred or passed as unsyncable). */
  public synchronized void finished(long row) {
    inFlight.remove(row);
  }

  /** The highest row such that it and every row before it are finished. */
  public synchronized long completedThrough() {
    return inFlight.isEmpty() ? highestSeen : inFlight.first() - 1;
  }

  public synchronized int inFlight() {
    return inFlight.size();
  }

  private void checkOrder(long row) {
    if (row <= highestSeen) {
      throw new IllegalArgumentException("row " + row + " after row " + highestSeen);
    }
  }
}
