package io.cloudsync.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code migrator_settings} object (also read from upstream's sample spelling
 * {@code migrator_config}, with a warning).
 *
 * @param statusFile {@code status_file}, required
 * @param itemsChunk {@code items_chunk}: listing page size, default 1000 (upstream: required)
 * @param process {@code process}: this process's index, default 0 (upstream: required)
 * @param processes {@code processes}: number of migrator processes, default 1 (upstream: required)
 * @param workers {@code workers}: local (internal proxy) connection pool size, default 10
 * @param logFile {@code log_file}, null = not set
 * @param logLevel {@code log_level}, default info
 * @param pollInterval {@code poll_interval} in seconds when given here (1space), otherwise
 *     the top-level {@code poll_interval} (swift-s3-sync 0.1.24 read only that one)
 */
public record MigratorSettings(
    Path statusFile,
    int itemsChunk,
    int process,
    int processes,
    int workers,
    Path logFile,
    LogLevel logLevel,
    Duration pollInterval) {

  public MigratorSettings {
    Objects.requireNonNull(statusFile, "statusFile");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (processes < 1 || process < 0 || process >= processes) {
      throw new IllegalArgumentException("need 0 <= process < processes");
    }
  }
}
