package io.cloudsync.cli;

import io.cloudsync.config.SyncConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP for the sync daemon (SPEC §8): re-reads {@code sync.json} and, when the new file is valid
 * and can be applied in place, hands it over ({@link #take}) and asks the running daemon to stop
 * (its in-flight transfers finish, cursors are saved) so the next one starts with the new
 * mappings. A file that is missing, invalid, or changes what needs a restart ({@code status_dir},
 * whose lock this process holds) keeps the running configuration, and the log says why.
 * Added mappings start, removed ones stop, and changed ones restart with the status store's reset
 * rules (a changed {@code aws_bucket}, {@code copy_after}, {@code retain_local} or
 * {@code propagate_delete} starts over; an unchanged mapping keeps its cursors).
 */
final class ConfigReload {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);

  private final Path file;
  private final AtomicReference<SyncConfig> next = new AtomicReference<>();

  ConfigReload(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /**
   * Reads the file; when it can replace {@code running}, keeps it for {@link #take} and returns
   * true (the caller then stops the running daemon).
   */
  boolean request(SyncConfig running) {
    StringWriter problem = new StringWriter();
    ConfigFiles.Loaded loaded = ConfigFiles.load(file, true, new PrintWriter(problem, true));
    if (!loaded.ok()) {
      LOG.error("SIGHUP: not reloading {}: {}; the running configuration stays in effect", file,
          problem.toString().strip().replaceFirst("^cloudsync: ", ""));
      return false;
    }
    SyncConfig config = loaded.config();
    if (!config.statusDir().equals(running.statusDir())) {
      LOG.error("SIGHUP: not reloading {}: status_dir changes from {} to {}, which needs a restart; the running"
          + " configuration stays in effect", file, running.statusDir(), config.statusDir());
      return false;
    }
    config.warnings().forEach(w -> LOG.warn("{}: {}", file, w));
    next.set(config);
    LOG.info("SIGHUP: {} read: {} mappings; restarting the mappings once in-flight transfers finish", file,
        config.containers().size());
    return true;
  }

  /** The configuration to continue with, once; null when no reload is pending. */
  SyncConfig take() {
    return next.getAndSet(null);
  }
}
