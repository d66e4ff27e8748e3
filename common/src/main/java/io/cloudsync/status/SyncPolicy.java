package io.cloudsync.status;

/**
 * The mapping settings whose change restarts a container from row 0 (upstream rule since
 * swift-s3-sync 0.1.18): what was done under the old settings may be wrong under the new ones.
 */
public record SyncPolicy(long copyAfter, boolean retainLocal, boolean propagateDelete) {}
