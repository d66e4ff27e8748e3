/**
 * Swift container sharding as a reader sees it: shard ranges, the DB files of a replica and its
 * sharding state, the root of a shard container, and which DB files to crawl for a container.
 */
package io.cloudsync.crawler.shard;
