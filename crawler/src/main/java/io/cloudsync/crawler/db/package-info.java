/**
 * Read-only access to Swift container DBs (SQLite): container info and metadata, object rows in
 * ROWID order, and the decoding of their {@code created_at} timestamps.
 */
package io.cloudsync.crawler.db;
