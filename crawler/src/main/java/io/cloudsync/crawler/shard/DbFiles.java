package io.cloudsync.crawler.shard;

import io.cloudsync.crawler.locate.LocalReplica;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The DB files of one replica as Swift's {@code ContainerBroker} sees them ({@code get_db_files},
 * {@code get_brokers}): {@code <hash>.db} and {@code <hash>_<epoch>.db} sorted by name, the last
 * one the DB Swift writes to. With two files the container is sharding: the one before the last is
 * the retiring DB, frozen since sharding began. Files before those two are leftovers Swift ignores.
 */
public record DbFiles(LocalReplica replica, List<Path> files) {
  public DbFiles {
    Objects.requireNonNull(replica, "replica");
    files = List.copyOf(files);
  }

  public static DbFiles of(LocalReplica replica) {
    return new DbFiles(replica, replica.dbFiles());
  }

  public boolean exists() {
    return !files.isEmpty();
  }

  /** The DB Swift reads and writes: the newest epoch file, else {@code <hash>.db}. */
  public Path newest() {
    return files.get(files.size() - 1);
  }

  /** The retiring DB while sharding, else null. */
  public Path retiring() {
    return files.size() >= 2 ? files.get(files.size() - 2) : null;
  }

  /** The epoch of a {@code <hash>_<epoch>.db} file, null for {@code <hash>.db}. */
  public static String epoch(Path file) {
    String name = file.getFileName().toString();
    int underscore = name.indexOf('_');
    if (underscore < 0 || !name.endsWith(".db")) {
      return null;
    }
    return name.substring(underscore + 1, name.length() - 3);
  }
}
