package io.cloudsync.cli;

import io.cloudsync.config.ConfigException;
import io.cloudsync.config.ConfigLoader;
import io.cloudsync.config.MissingConfigException;
import io.cloudsync.config.SyncConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** Loads {@code sync.json} for a command and turns problems into the documented exit codes. */
final class ConfigFiles {
  private ConfigFiles() {}

  /** Outcome of loading: a config, or the exit code to stop with. */
  record Loaded(SyncConfig config, int exitCode) {
    boolean ok() {
      return config != null;
    }
  }

  /**
   * Missing file: upstream logs and exits 0 so a supervisor does not restart-loop ({@code strict}
   * makes it exit 2). Any other problem: the message (file, key, reason) and exit 2.
   */
  static Loaded load(Path file, boolean strict, PrintWriter err) {
    try {
      return new Loaded(new ConfigLoader().load(file), Main.OK);
    } catch (MissingConfigException e) {
      err.println("cloudsync: " + e.getMessage() + (strict ? "" : "; nothing to do (use --strict to fail instead)"));
      return new Loaded(null, strict ? Main.USAGE : Main.OK);
    } catch (ConfigException e) {
      err.println("cloudsync: " + e.getMessage());
      return new Loaded(null, Main.USAGE);
    }
  }

  static Optional<Path> logFile(SyncConfig config) {
    return Optional.ofNullable(config.logFile());
  }
}
