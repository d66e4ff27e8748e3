/**
 * Archived-object reads over the shunt's own Netty connections, for readers that declare
 * {@link io.cloudsync.store.StoreFeature#DIRECT_GET}: the reader prepares (and signs) a plain
 * HTTP {@code GET}, this package sends it on the client connection's event loop and hands its body
 * to the client as the very buffers it arrived in. The reader's own {@code read} stays the
 * reference and the fallback for everything this path does not do (errors, retries, restores).
 */
package io.cloudsync.shunt.direct;
