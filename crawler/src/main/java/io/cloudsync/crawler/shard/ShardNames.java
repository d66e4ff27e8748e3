package io.cloudsync.crawler.shard;

import java.util.regex.Pattern;

/**
 * Swift's names of shard containers ({@code ShardRange.make_path}): account {@code
 * .shards_<account>}, container {@code <root>-<md5(parent)>-<timestamp>-<index>}.
 */
public final class ShardNames {
  public static final String PREFIX = ".shards_";
  private static final Pattern TAIL = Pattern.compile("-[0-9a-f]{32}-\\d+\\.\\d{5}(_[0-9a-f]{16})?-\\d+");

  private ShardNames() {
  }

  /** {@code .shards_<account>}. */
  public static String shardsAccount(String account) {
    return PREFIX + account;
  }

  /** Whether a container of {@code .shards_<account>} is named as a shard of root container {@code root}. */
  public static boolean isShardOf(String shardContainer, String root) {
    return shardContainer.length() > root.length() + 1 && shardContainer.startsWith(root + "-")
        && TAIL.matcher(shardContainer).region(root.length(), shardContainer.length()).matches();
  }

  /** The root container a shard container's name carries, or null when it is not a shard name. */
  public static String rootOf(String shardContainer) {
    java.util.regex.Matcher m = Pattern.compile("(.*)" + TAIL.pattern()).matcher(shardContainer);
    return m.matches() && !m.group(1).isEmpty() ? m.group(1) : null;
  }
}
