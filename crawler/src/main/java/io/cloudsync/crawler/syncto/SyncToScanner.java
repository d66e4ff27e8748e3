package io.cloudsync.crawler.syncto;

import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.ContainerInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks {@code <devices>/<device>/containers/<part>/<suffix>/<hash>/} for container DBs whose
 * metadata carries a non-empty {@code X-Container-Sync-To} and {@code X-Container-Sync-Key} and
 * that are not deleted. A DB is opened only when its size or modification time changed since the
 * last scan (a container POST rewrites the DB in place), so a scan of unchanged containers costs a
 * directory listing and a stat per DB. The stamps of DBs that are not sync containers are kept in a
 * cache file, so a new process ({@code sync --once}) does not open every DB of the node again
 * (opening thousands of SQLite files takes seconds); sync containers are always read again, and
 * nothing of their metadata (the sync key) is written. Not thread-safe: one scan at a time.
 */
public final class SyncToScanner {
  private static final Logger LOG = LoggerFactory.getLogger(SyncToScanner.class);

  private final Path devices;
  private final Path cacheFile;
  /** By DB file: what it said when it had this stamp (null: not a sync container). */
  private Map<Path, Seen> seen;

  record Stamp(long size, FileTime mtime) {}

  record Seen(Stamp stamp, SyncToContainer found) {}

  /** @param cacheFile where stamps of DBs that are not sync containers are kept between runs, or null */
  public SyncToScanner(Path devices, Path cacheFile) {
    this.devices = devices;
    this.cacheFile = cacheFile;
  }

  /** Every sync container with a DB on this node's devices, once each, in a stable order. */
  public List<SyncToContainer> scan() {
    if (seen == null) {
      seen = StampCache.load(cacheFile);
    }
    Map<Path, Seen> now = new HashMap<>();
    Map<String, SyncToContainer> found = new LinkedHashMap<>();
    for (Path dbFile : dbFiles()) {
      Stamp stamp = stamp(dbFile);
      if (stamp == null) {
        continue;
      }
      Seen before = seen.get(dbFile);
      Seen current = before != null && before.stamp().equals(stamp) ? before : new Seen(stamp, read(dbFile));
      now.put(dbFile, current);
      if (current.found() != null) {
        found.putIfAbsent(current.found().account() + "/" + current.found().container(), current.found());
      }
    }
    boolean changed = !now.equals(seen);
    seen = now;
    if (changed) {
      StampCache.save(cacheFile, now);
    }
    return List.copyOf(found.values());
  }

  private static SyncToContainer read(Path dbFile) {
    try (ContainerDb db = ContainerDb.open(dbFile)) {
      ContainerInfo info = db.info();
      String syncTo = info.metadata("X-Container-Sync-To");
      String syncKey = info.metadata("X-Container-Sync-Key");
      if (syncTo == null || syncTo.isEmpty() || syncKey == null || syncKey.isEmpty() || info.deleted()) {
        return null;
      }
      boolean versioned = info.metadata("X-Container-Sysmeta-Versions-Container") != null;
      return new SyncToContainer(info.account(), info.container(), syncTo, syncKey, versioned);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: not read for X-Container-Sync-To: {}", dbFile, e.toString());
      return null;
    }
  }

  private static Stamp stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.size(), a.lastModifiedTime());
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code <hash>.db} of every container directory (the newest {@code <hash>_<epoch>.db} when sharded). */
  private List<Path> dbFiles() {
    List<Path> files = new ArrayList<>();
    for (Path device : children(devices)) {
      for (Path partition : children(device.resolve("containers"))) {
        for (Path suffix : children(partition)) {
          for (Path hashDir : children(suffix)) {
            Path db = dbFile(hashDir);
            if (db != null) {
              files.add(db);
            }
          }
        }
      }
    }
    return files;
  }

  private static Path dbFile(Path hashDir) {
    String hash = hashDir.getFileName().toString();
    Path plain = hashDir.resolve(hash + ".db");
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    Path newest = null;
    for (Path file : children(hashDir)) {
      String name = file.getFileName().toString();
      if (name.startsWith(hash + "_") && name.endsWith(".db")
          && (newest == null || name.compareTo(newest.getFileName().toString()) > 0)) {
        newest = file;
      }
    }
    return newest;
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      entries.forEach(out::add);
    } catch (IOException e) {
      LOG.debug("cannot list {}: {}", dir, e.toString());
    }
    out.sort(null);
    return out;
  }
}
