package io.cloudsync.crawler.locate;

import io.cloudsync.crawler.ring.Ring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a ring and reloads it when the file's modification time changes (operators rebalance and
 * push a new ring; Swift writes it to a temp file and renames it). A ring that fails to load is
 * logged once per modification time and the previous ring stays in use.
 */
public final class RingWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RingWatcher.class);

  private record Loaded(Ring ring, FileTime mtime) {
  }

  private final Path file;
  private volatile Loaded current;
  private FileTime lastFailedMtime;

  /** Loads the ring now: a ring that cannot be read is an error here, and only later a warning. */
  public RingWatcher(Path file) throws IOException {
    this.file = file;
    FileTime mtime = Files.getLastModifiedTime(file);
    this.current = new Loaded(Ring.load(file), mtime);
  }

  /** The ring, reloaded first when the file changed since it was read. */
  public Ring ring() {
    Loaded loaded = current;
    FileTime mtime;
    try {
      mtime = Files.getLastModifiedTime(file);
    } catch (IOException e) {
      LOG.warn("cannot stat ring {} ({}); keeping the ring loaded at {}", file, e.toString(), loaded.mtime());
      return loaded.ring();
    }
    if (mtime.equals(loaded.mtime())) {
      return loaded.ring();
    }
    return reload(mtime);
  }

  private synchronized Ring reload(FileTime mtime) {
    Loaded loaded = current;
    if (mtime.equals(loaded.mtime())) {
      return loaded.ring();
    }
    try {
      Ring ring = Ring.load(file);
      current = new Loaded(ring, mtime);
      LOG.info("reloaded {} (modified {}): {}", file, mtime, ring);
      return ring;
    } catch (IOException | RuntimeException e) {
      if (!Objects.equals(mtime, lastFailedMtime)) {
        LOG.warn("cannot reload changed ring {} (modified {}): {}; keeping the ring loaded at {}",
            file, mtime, e.getMessage(), loaded.mtime());
        lastFailedMtime = mtime;
      }
      return loaded.ring();
    }
  }
}
