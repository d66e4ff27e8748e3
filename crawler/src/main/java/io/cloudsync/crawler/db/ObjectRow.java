package io.cloudsync.crawler.db;

import java.util.Objects;

/**
 * One row of a container DB's {@code object} table: the current state of one object name (Swift
 * deletes and re-inserts the row, with a new ROWID, on every change).
 *
 * @param rowId the ROWID, increasing with every change in this replica (replicas differ)
 * @param name the object name
 * @param createdAt the raw {@code created_at} column, see {@link #timestamps()}
 * @param size the object size in bytes (0 for tombstones; for SLO manifests the manifest size)
 * @param contentType the content type without a {@code swift_bytes} parameter
 * @param swiftBytes the {@code swift_bytes} parameter of the stored content type (an SLO's total
 *     size), or null when there is none
 * @param etag the ETag ({@code noetag} for tombstones)
 * @param deleted whether the row is a tombstone
 * @param storagePolicyIndex the storage policy of the object
 */
public record ObjectRow(long rowId, String name, String createdAt, long size, String contentType,
    Long swiftBytes, String etag, boolean deleted, int storagePolicyIndex) {

  public ObjectRow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(etag, "etag");
  }

  /** The data, content-type and metadata times decoded from {@link #createdAt()}. */
  public RowTimestamps timestamps() {
    return CreatedAt.decode(createdAt);
  }
}
