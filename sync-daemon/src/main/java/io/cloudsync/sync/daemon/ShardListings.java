package io.cloudsync.sync.daemon;

import io.cloudsync.crawler.shard.ShardLister;
import io.cloudsync.crawler.shard.ShardNames;
import io.cloudsync.local.InternalProxyClient;
import io.cloudsync.local.LocalSwiftException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shard containers of roots this node holds no replica of, from a listing of {@code
 * .shards_<account>} through the internal proxy: read at most once per account and pass (one
 * request, a 404 when the account has no sharded container), filtered by Swift's shard names.
 */
final class ShardListings implements ShardLister {
  private final InternalProxyClient local;
  private final Map<String, List<String>> listed = new ConcurrentHashMap<>();

  ShardListings(InternalProxyClient local) {
    this.local = local;
  }

  /** A new pass: listings are read again when needed. */
  void newPass() {
    listed.clear();
  }

  @Override
  public List<String> shards(String account, String container) throws LocalSwiftException {
    List<String> all = listed.get(account);
    if (all == null) {
      all = List.copyOf(local.listContainers(ShardNames.shardsAccount(account)));
      listed.put(account, all);
    }
    return all.stream().filter(name -> ShardNames.isShardOf(name, container)).toList();
  }
}
