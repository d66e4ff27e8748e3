package io.cloudsync.crawler.shard;

import io.cloudsync.crawler.db.ContainerDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link DbFacts} per DB file, read again only when the file's size or modification time changed
 * (Swift writes shard ranges and metadata into the same file as the rows), so a quiet container
 * costs a stat per pass, not a DB open. A modification time younger than 2 s is not trusted
 * (coarse file-system clocks): such a file is read every time. Thread-safe.
 */
public final class DbFactsCache {
  private static final Duration UNTRUSTED = Duration.ofSeconds(2);

  private record Stamp(long size, FileTime mtime) {}

  private record Entry(Stamp stamp, DbFacts facts) {}

  private final Clock clock;
  private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

  public DbFactsCache(Clock clock) {
    this.clock = clock;
  }

  /** The facts of {@code file}, from the cache when the file is unchanged. */
  public DbFacts facts(Path file) throws IOException {
    Stamp stamp = stamp(file);
    Entry known = entries.get(file);
    if (known != null && known.stamp().equals(stamp)) {
      return known.facts();
    }
    DbFacts facts;
    try (ContainerDb db = ContainerDb.open(file)) {
      facts = new DbFacts(db.info(), db.shardRanges());
    }
    if (stamp.mtime().toInstant().isBefore(clock.instant().minus(UNTRUSTED))) {
      entries.put(file, new Entry(stamp, facts));
    } else {
      entries.remove(file);
    }
    return facts;
  }

  /** Forgets every file not in {@code files} (DBs gone, or no longer crawled). */
  public void retainOnly(Set<Path> files) {
    entries.keySet().retainAll(files);
  }

  private static Stamp stamp(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return new Stamp(a.size(), a.lastModifiedTime());
  }
}
