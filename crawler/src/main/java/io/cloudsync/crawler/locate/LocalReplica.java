package io.cloudsync.crawler.locate;

import io.cloudsync.crawler.ring.RingDevice;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One replica of a container DB on a device of this node.
 *
 * @param account the account, e.g. {@code AUTH_test}
 * @param container the container
 * @param partition the container's ring partition
 * @param hash the hex {@code hash_path(account, container)}, the DB's directory and file name
 * @param device the ring device holding this replica
 * @param nodeIndex this device's position among the container's primary nodes
 * @param nodeCount how many distinct primary nodes the container has
 * @param dbFile {@code <devices>/<device>/containers/<part>/<hash[-3:]>/<hash>/<hash>.db}
 */
public record LocalReplica(String account, String container, int partition, String hash,
    RingDevice device, int nodeIndex, int nodeCount, Path dbFile) {

  public LocalReplica {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(dbFile, "dbFile");
    if (nodeIndex < 0 || nodeIndex >= nodeCount) {
      throw new IllegalArgumentException("node index " + nodeIndex + " outside 0.." + (nodeCount - 1));
    }
  }

  /** Where Swift appends updates it has not merged yet: {@code <dbFile>.pending}. */
  public Path pendingFile() {
    return dbFile.resolveSibling(dbFile.getFileName() + ".pending");
  }

  /**
   * Whether a DB exists for this replica: {@link #dbFile()} or, for a container being sharded or
   * already sharded, a {@code <hash>_<epoch>.db} next to it (see {@link #dbFiles()}).
   */
  public boolean exists() {
    return Files.isRegularFile(dbFile) || !dbFiles().isEmpty();
  }

  /**
   * The DB files of this replica that exist, in Swift's order ({@code get_db_files}):
   * {@code <hash>.db} first, then {@code <hash>_<epoch>.db} files. Two files mean the container is
   * being sharded; a single epoch file means it is sharded.
   */
  public List<Path> dbFiles() {
    Path dir = dbFile.getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, hash + "*.db")) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if ((name.equals(hash + ".db") || name.startsWith(hash + "_")) && Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    } catch (IOException e) {
      return Files.isRegularFile(dbFile) ? List.of(dbFile) : List.of();
    }
    Collections.sort(files, (a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return List.copyOf(files);
  }

  @Override
  public String toString() {
    return account + "/" + container + " part " + partition + " on " + device + " (node "
        + nodeIndex + " of " + nodeCount + ")";
  }
}
