package io.cloudsync.config;

/**
 * The policy fields swift-s3-sync stores in each status entry ({@code "policy"}); a change
 * of any of them (or of the bucket) resets the mapping's cursors (upstream rule, 0.1.18).
 *
 * @param copyAfter {@code copy_after}, seconds
 * @param retainLocal {@code retain_local}
 * @param propagateDelete {@code propagate_delete}
 */
public record Policy(long copyAfter, boolean retainLocal, boolean propagateDelete) {
}
