package io.cloudsync.crawler.shard;

import io.cloudsync.crawler.db.ShardRange;
import java.util.List;

/** Swift's sharding states of a container DB ({@code ContainerBroker.get_db_state}). */
public enum DbState {
  UNSHARDED, SHARDING, SHARDED, COLLAPSED;

  /**
   * @param files the replica's DB files (at least one)
   * @param own the DB's own shard range, or null
   * @param others the other shard ranges of the DB, deleted ones excluded
   */
  public static DbState of(DbFiles files, ShardRange own, List<ShardRange> others) {
    if (files.files().size() > 1) {
      return SHARDING;
    }
    String epoch = DbFiles.epoch(files.newest());
    if (epoch == null || own == null || !epoch.equals(own.epoch())) {
      return UNSHARDED;
    }
    return others.isEmpty() ? COLLAPSED : SHARDED;
  }

  /** The name Swift uses ({@code X-Backend-Sharding-State}). */
  public String swiftName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
