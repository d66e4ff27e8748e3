package io.cloudsync.crawler.shard;

import java.util.List;

/**
 * The shard containers of a root, asked of the cluster (a listing of {@code .shards_<account>})
 * when this node holds no replica of the root whose shard ranges would name them.
 */
@FunctionalInterface
public interface ShardLister {
  ShardLister NONE = (account, container) -> List.of();

  /** Names (in {@code .shards_<account>}) of the shard containers of {@code account/container}. */
  List<String> shards(String account, String container) throws Exception;
}
