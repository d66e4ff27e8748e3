/**
 * Finding the containers Swift's container-sync would sync: every local container DB whose metadata
 * carries {@code X-Container-Sync-To} and {@code X-Container-Sync-Key} (cloudsync's stand-in for
 * Swift's {@code sync_containers} symlink tree, which only the container server maintains).
 */
package io.cloudsync.crawler.syncto;
