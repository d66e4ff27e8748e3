package io.cloudsync.sync.plan;

import io.cloudsync.swift.SwiftTimestamp;

/**
 * The parts of a container row that decide what happens to it.
 *
 * @param deleted the row is a tombstone
 * @param metaTime the newest of the row's data, content-type and metadata times
 */
public record RowFacts(boolean deleted, SwiftTimestamp metaTime) {}
