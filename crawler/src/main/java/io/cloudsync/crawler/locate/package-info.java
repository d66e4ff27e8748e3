/**
 * Finding the replicas of a container's DB that live on this node: ring lookup, local-address
 * matching and the on-disk DB path.
 */
package io.cloudsync.crawler.locate;
