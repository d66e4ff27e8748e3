/**
 * {@code cloudsync migrate}: pulls the objects of remote buckets and containers (S3, S3 clones,
 * remote Swift) into local Swift, keeping their times as {@code X-Timestamp}. Sources are read
 * through the store seam ({@link io.cloudsync.store.RemoteReader}); this module never depends on a
 * backend. Subpackages: {@code plan} (listing merge, pure), {@code local} (the internal proxy),
 * {@code copy} (one object, large objects), {@code state} (status file, copy ledger, metrics),
 * {@code run} (passes, ownership).
 */
package io.cloudsync.migrate;
