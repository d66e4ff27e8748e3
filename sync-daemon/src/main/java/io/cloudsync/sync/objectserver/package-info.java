/**
 * Reading objects straight from their object servers ({@code direct_object_reads}), as Swift's own
 * daemons do with {@code direct_client}: one backend GET instead of a proxy request that makes the
 * same backend GET, for objects that need nothing of the proxy pipeline.
 */
package io.cloudsync.sync.objectserver;
