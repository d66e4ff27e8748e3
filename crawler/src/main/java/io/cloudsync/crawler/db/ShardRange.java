package io.cloudsync.crawler.db;

import java.util.Objects;

/**
 * One row of a container DB's {@code shard_range} table (Swift's {@code ShardRange}): the
 * namespace {@code (lower, upper]} whose objects live in the container {@code name}
 * ({@code <account>/<container>}); an empty {@code lower} is the start of the namespace, an empty
 * {@code upper} its end.
 *
 * @param name the shard container's path, {@code .shards_<account>/<container>} (or the root's own path)
 * @param lower exclusive lower bound, {@code ""} for none
 * @param upper inclusive upper bound, {@code ""} for none
 * @param state Swift's state number ({@link #FOUND} … {@link #SHRUNK})
 * @param deleted whether the range was deleted (a shrunk shard, a replaced range)
 * @param epoch the epoch timestamp of a range that sharded (its DB file suffix), or null
 */
public record ShardRange(String name, String lower, String upper, int state, boolean deleted, String epoch) {
  public static final int FOUND = 10;
  public static final int CREATED = 20;
  public static final int CLEAVED = 30;
  public static final int ACTIVE = 40;
  public static final int SHRINKING = 50;
  public static final int SHARDING = 60;
  public static final int SHARDED = 70;
  public static final int SHRUNK = 80;

  public ShardRange {
    Objects.requireNonNull(name, "name");
    lower = lower == null ? "" : lower;
    upper = upper == null ? "" : upper;
    epoch = epoch == null || epoch.isEmpty() || epoch.equals("None") ? null : epoch;
  }

  /** The account part of {@link #name()}. */
  public String account() {
    int slash = name.indexOf('/');
    return slash < 0 ? name : name.substring(0, slash);
  }

  /** The container part of {@link #name()}. */
  public String container() {
    int slash = name.indexOf('/');
    return slash < 0 ? "" : name.substring(slash + 1);
  }

  /** Whether an object name falls in {@code (lower, upper]} (Swift compares UTF-8 strings bytewise). */
  public boolean includes(String objectName) {
    return (lower.isEmpty() || Utf8Order.compare(objectName, lower) > 0)
        && (upper.isEmpty() || Utf8Order.compare(objectName, upper) <= 0);
  }

  /**
   * Whether the objects of this range were copied into its shard container (cleaved) and updates
   * go there: Swift's states from {@code CLEAVED} on. Rows of such a range in a retiring DB are
   * the shard's to sync.
   */
  public boolean cleaved() {
    return !deleted && state >= CLEAVED;
  }

  @Override
  public String toString() {
    return name + " (" + (lower.isEmpty() ? "-inf" : lower) + ", " + (upper.isEmpty() ? "+inf" : upper) + "] state "
        + state + (deleted ? " deleted" : "");
  }
}
