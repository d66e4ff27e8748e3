package io.cloudsync.crawler.db;

import java.util.Objects;

/**
 * The columns of an object row that decide what a sync does with it, as {@link
 * ContainerDb#crawlRowsAfter} reads them: without the size, content type and ETag of a full
 * {@link ObjectRow}, so a crawl over millions of rows decodes two text columns per row, not four.
 *
 * @param rowId the ROWID, increasing with every change in this replica
 * @param name the object name
 * @param createdAt the raw {@code created_at} column, see {@link #timestamps()}
 * @param deleted whether the row is a tombstone
 */
public record CrawlRow(long rowId, String name, String createdAt, boolean deleted) {
  public CrawlRow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** The data, content-type and metadata times decoded from {@link #createdAt()}. */
  public RowTimestamps timestamps() {
    return CreatedAt.decode(createdAt);
  }
}
