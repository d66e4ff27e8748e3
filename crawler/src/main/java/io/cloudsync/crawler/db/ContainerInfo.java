package io.cloudsync.crawler.db;

import io.cloudsync.swift.SwiftTimestamp;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The container-wide facts of a container DB ({@code container_stat}).
 *
 * @param id the DB id ({@code <uuid>-<device>}); differs per replica and changes when the DB is
 *     replaced, so progress is keyed by it
 * @param account the account
 * @param container the container
 * @param putTimestamp when the container was (re)created
 * @param deleteTimestamp when it was deleted, {@code 0} if never
 * @param objectCount live objects in the container's storage policy
 * @param bytesUsed bytes of those objects
 * @param storagePolicyIndex the container's storage policy
 * @param metadata container metadata with non-empty values (e.g. {@code X-Container-Meta-Color},
 *     {@code X-Container-Sync-To}), keys compared case-insensitively
 * @param sharded whether sharding has started or finished for this container (shard ranges other
 *     than its own, or a sharding/sharded DB file layout): its object rows are then (partly) in
 *     other DBs and must not be treated as complete
 */
public record ContainerInfo(String id, String account, String container, SwiftTimestamp putTimestamp,
    SwiftTimestamp deleteTimestamp, long objectCount, long bytesUsed, int storagePolicyIndex,
    Map<String, String> metadata, boolean sharded) {

  public ContainerInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(putTimestamp, "putTimestamp");
    Objects.requireNonNull(deleteTimestamp, "deleteTimestamp");
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(Objects.requireNonNull(metadata, "metadata"));
    metadata = Collections.unmodifiableMap(copy);
  }

  /** Swift's test: no objects and deleted after the last PUT. */
  public boolean deleted() {
    return objectCount == 0 && deleteTimestamp.compareTo(putTimestamp) > 0;
  }

  /** A metadata value by case-insensitive name, or null. */
  public String metadata(String name) {
    return metadata.get(name);
  }
}
