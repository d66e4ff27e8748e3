package io.cloudsync.crawler.shard;

import io.cloudsync.crawler.locate.LocalReplica;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One DB file to crawl for a container: the root's DB, or one of its shard DBs. Objects of every
 * one of them live under the root's name ({@code rootAccount/rootContainer}); row ownership and
 * progress belong to the DB's own container ({@link LocalReplica#account()}/{@link
 * LocalReplica#container()}, its own ring nodes).
 *
 * @param replica where the DB lives, with the DB's own container name and ring position
 * @param file the DB file to read
 * @param dbId the DB's id ({@code container_stat.id}) when it was planned
 * @param part whether it is the container's only DB, or the retiring or fresh DB of a sharding one
 * @param handedOver rows of the retiring DB that Swift already cleaved into shard containers: their
 *     shard DBs sync them, so this one passes them; {@link CleaveCursor#NONE} for other files
 * @param rootAccount the root container's account (the objects' account)
 * @param rootContainer the root container (the objects' container)
 * @param sharded whether the container has started sharding (rows of one object may then be in
 *     several DBs, an older one holding a stale tombstone)
 */
public record CrawlDb(LocalReplica replica, Path file, String dbId, Part part, CleaveCursor handedOver, String rootAccount,
    String rootContainer, boolean sharded) {

  /** Which of a replica's DB files this is. */
  public enum Part { ONLY, RETIRING, FRESH }

  public CrawlDb {
    Objects.requireNonNull(replica, "replica");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(dbId, "dbId");
    Objects.requireNonNull(part, "part");
    Objects.requireNonNull(handedOver, "handedOver");
    Objects.requireNonNull(rootAccount, "rootAccount");
    Objects.requireNonNull(rootContainer, "rootContainer");
  }

  /** The {@code <hash>.db} of a replica of a container that never sharded (its id not read yet). */
  public static CrawlDb unsharded(LocalReplica replica) {
    return new CrawlDb(replica, replica.dbFile(), "", Part.ONLY, CleaveCursor.NONE, replica.account(),
        replica.container(), false);
  }

  /** Whether this DB belongs to a shard container rather than the root. */
  public boolean shard() {
    return !(replica.account().equals(rootAccount) && replica.container().equals(rootContainer));
  }

  @Override
  public String toString() {
    return (shard() ? "shard " + replica.account() + "/" + replica.container() + " of " : "")
        + rootAccount + "/" + rootContainer + " (" + file + (part == Part.ONLY ? "" : ", " + part.name().toLowerCase(
        java.util.Locale.ROOT)) + ")";
  }
}
