package io.cloudsync.crawler.syncto;

import io.cloudsync.crawler.syncto.SyncToScanner.Seen;
import io.cloudsync.crawler.syncto.SyncToScanner.Stamp;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scanner's memory of DBs that are not sync containers: one line per DB,
 * {@code <size> <mtime nanos> <path>}. A cache: unreadable means empty (every DB is read again),
 * and a failed write is only logged.
 */
final class StampCache {
  private static final Logger LOG = LoggerFactory.getLogger(StampCache.class);

  private StampCache() {}

  static Map<Path, Seen> load(Path file) {
    Map<Path, Seen> seen = new HashMap<>();
    if (file == null) {
      return seen;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return seen;
    } catch (IOException e) {
      LOG.debug("cannot read {}: {}", file, e.toString());
      return seen;
    }
    for (String line : lines) {
      String[] parts = line.split(" ", 3);
      try {
        if (parts.length == 3) {
          seen.put(Path.of(parts[2]), new Seen(new Stamp(Long.parseLong(parts[0]),
              FileTime.from(Long.parseLong(parts[1]), TimeUnit.NANOSECONDS)), null));
        }
      } catch (RuntimeException e) {
        return new HashMap<>(); // damaged: read everything again
      }
    }
    return seen;
  }

  static void save(Path file, Map<Path, Seen> seen) {
    if (file == null) {
      return;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        for (Map.Entry<Path, Seen> e : seen.entrySet()) {
          if (e.getValue().found() == null) {
            Stamp stamp = e.getValue().stamp();
            out.write(stamp.size() + " " + stamp.mtime().to(TimeUnit.NANOSECONDS) + " " + e.getKey() + "\n");
          }
        }
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot write {} (the next run reads every container DB again): {}", file, e.toString());
    }
  }
}
