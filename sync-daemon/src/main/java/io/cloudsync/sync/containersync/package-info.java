/**
 * Container-sync mode (top-level {@code sync_to_header}): the containers Swift's container-sync
 * would sync, found on this node's devices by their {@code X-Container-Sync-To} and
 * {@code X-Container-Sync-Key} metadata, each with a runtime of its own, kept while its header
 * stays the same.
 */
package io.cloudsync.sync.containersync;
