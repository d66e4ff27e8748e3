package io.cloudsync.sync.pass;

import io.cloudsync.status.DeferredRow;
import io.cloudsync.status.RetryRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** What one pass over one replica produced, collected from many worker threads. */
final class PassLedger {
  private final List<RetryRow> retries = new ArrayList<>();
  private final List<DeferredRow> deferred = new ArrayList<>();
  final AtomicLong unsyncable = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong handled = new AtomicLong();
  /** Other nodes' rows a remote listing showed done (no request). */
  final AtomicLong verifiedByListing = new AtomicLong();

  synchronized void retry(RetryRow row) {
    retries.add(row);
  }

  synchronized void defer(DeferredRow row) {
    deferred.add(row);
  }

  synchronized List<RetryRow> retries() {
    return List.copyOf(retries);
  }

  synchronized List<DeferredRow> deferred() {
    return List.copyOf(deferred);
  }

  synchronized int queued() {
    return retries.size() + deferred.size();
  }
}
