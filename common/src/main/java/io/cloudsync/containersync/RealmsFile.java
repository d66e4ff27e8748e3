package io.cloudsync.containersync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code container-sync-realms.conf} as a running daemon sees it: read at first use and again when
 * its modification time changes, looked at no more often than its
 * {@code [DEFAULT] mtime_check_interval} (Swift's {@code ContainerSyncRealms._reload}). A missing
 * file means no realms; a file that cannot be parsed is logged and the realms read before stay in
 * effect. Thread-safe.
 */
public final class RealmsFile {
  private static final Logger LOG = LoggerFactory.getLogger(RealmsFile.class);

  private final Path file;
  private final Clock clock;
  private RealmsConf conf = RealmsConf.EMPTY; // guarded by this
  private FileTime mtime; // guarded by this
  private Instant nextCheck = Instant.MIN; // guarded by this

  public RealmsFile(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
  }

  public Path path() {
    return file;
  }

  /** The realms now in effect. */
  public synchronized RealmsConf current() {
    Instant now = clock.instant();
    if (now.isBefore(nextCheck)) {
      return conf;
    }
    nextCheck = now.plus(conf.mtimeCheckInterval());
    FileTime seen;
    try {
      seen = Files.getLastModifiedTime(file);
    } catch (NoSuchFileException e) {
      if (mtime != null) {
        LOG.warn("{} is gone: the realms read before stay in effect", file);
      }
      return conf;
    } catch (IOException e) {
      LOG.error("cannot read {}: {}", file, e.toString());
      return conf;
    }
    if (seen.equals(mtime)) {
      return conf;
    }
    mtime = seen;
    try {
      conf = RealmsConf.parse(Files.readString(file, StandardCharsets.UTF_8));
      nextCheck = now.plus(conf.mtimeCheckInterval());
      LOG.info("realms read from {}: {}", file, conf.realms().keySet());
    } catch (IOException | IllegalArgumentException e) {
      LOG.error("cannot load {}: {}; the realms read before stay in effect", file, e.getMessage());
    }
    return conf;
  }
}
