package io.cloudsync.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Logging threshold (key {@code log_level}). swift-s3-sync upper-cased the value and handed
 * it to Python logging, so the spelling is case-insensitive and Python's aliases
 * {@code warn} and {@code critical} are accepted too ({@code critical} maps to {@link #ERROR}).
 */
public enum LogLevel {
  DEBUG, INFO, WARNING, ERROR;

  /** The lower-case name used by the CLI and upstream. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a configured level; empty when the value is not a level. */
  public static Optional<LogLevel> fromJson(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "debug":
        return Optional.of(DEBUG);
      case "info":
        return Optional.of(INFO);
      case "warning":
      case "warn":
        return Optional.of(WARNING);
      case "error":
      case "critical":
        return Optional.of(ERROR);
      default:
        return Optional.empty();
    }
  }
}
