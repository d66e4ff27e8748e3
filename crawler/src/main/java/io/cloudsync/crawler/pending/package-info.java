/**
 * Making rows Swift keeps in {@code <db>.pending} visible to a read-only reader, by asking the
 * node's own container server to merge them.
 */
package io.cloudsync.crawler.pending;
