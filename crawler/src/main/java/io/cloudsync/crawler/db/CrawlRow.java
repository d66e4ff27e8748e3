package io.cloudsync.crawler.db;

import java.util.Objects;

/**
 * The columns of an object row that decide what a sync does with it, as {@link
 * ContainerDb#crawlRowsAfter} reads them: without the size of a full {@link ObjectRow}, and for a
 * tombstone without its ETag and content type, so a crawl over millions of tombstones decodes two
 * text columns per row, not four.
 *
 * @param rowId the ROWID, increasing with every change in this replica
 * @param name the object name
 * @param createdAt the raw {@code created_at} column, see {@link #timestamps()}
 * @param deleted whether the row is a tombstone
 * @param etag the {@code etag} column of a live row; null for a tombstone
 * @param contentType the raw {@code content_type} column of a live row; null for a tombstone
 */
public record CrawlRow(long rowId, String name, String createdAt, boolean deleted, String etag, String contentType) {
  public CrawlRow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The data, content-type and metadata times decoded from {@link #createdAt()}. */
  public RowTimestamps timestamps() {
    return CreatedAt.decode(createdAt);
  }

  /**
   * The ETag a remote listing shows for this object's copy: the row's ETag for a plain live
   * object; null for a tombstone and for an SLO manifest, whose row ETag ({@code swift_bytes} in
   * its content type) is not what the remote store lists.
   */
  public String listedEtag() {
    if (deleted || etag == null || etag.isEmpty()) {
      return null;
    }
    return contentType != null && ContentTypes.split(contentType).swiftBytes() != null ? null : etag;
  }
}
