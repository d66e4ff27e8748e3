package io.cloudsync.sync.pass;

import io.cloudsync.sync.transfer.RowOutcome;
import java.util.concurrent.atomic.AtomicLong;

/** What one pass of a mapping would have done under {@code dry_run}: counted instead of performed. */
public final class DryRunTally {
  private final AtomicLong copies = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong metadataUpdates = new AtomicLong();
  private final AtomicLong remoteDeletes = new AtomicLong();

  void count(RowOutcome outcome) {
    switch (outcome.kind()) {
      case COPIED -> {
        copies.incrementAndGet();
        bytes.addAndGet(outcome.bytes());
      }
      case METADATA_UPDATED -> metadataUpdates.incrementAndGet();
      case DELETED_REMOTE -> remoteDeletes.incrementAndGet();
      default -> { }
    }
  }

  /** The summary line, e.g. {@code would copy 3 objects (30 bytes), update the metadata of 0, delete 1 remote copies}; then starts over. */
  public String takeSummary() {
    String summary = "would copy " + copies.getAndSet(0) + " objects (" + bytes.getAndSet(0) + " bytes), update the"
        + " metadata of " + metadataUpdates.getAndSet(0) + ", delete " + remoteDeletes.getAndSet(0) + " remote copies";
    return summary;
  }
}
