package io.cloudsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Points logging where the operator asked: {@code log_file} (rotated at 100 MiB, 5 backups, as
 * swift-s3-sync did) or stderr ({@code --console}, or no log_file), at {@code log_level}.
 */
final class LoggingSetup {
  private static final String PATTERN = "[%d{yyyy-MM-dd HH:mm:ss.SSS}] %logger{0} [%level]: %msg%n";

  private LoggingSetup() {}

  /** Maps swift-s3-sync level names (debug, info, warning, error) to logback levels. */
  static Level level(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "debug" -> Level.DEBUG;
      case "warning", "warn" -> Level.WARN;
      case "error" -> Level.ERROR;
      default -> Level.INFO;
    };
  }

  static void configure(String levelName, Path logFile, boolean console) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(levelName));
    if (logFile == null || console) {
      return; // logback.xml already logs to stderr
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(context);
    file.setName("FILE");
    file.setFile(logFile.toString());
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(context);
    rolling.setParent(file);
    rolling.setFileNamePattern(logFile + ".%i");
    rolling.setMinIndex(1);
    rolling.setMaxIndex(5);
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(context);
    trigger.setMaxFileSize(FileSize.valueOf("100MB"));
    trigger.start();
    file.setRollingPolicy(rolling);
    file.setTriggeringPolicy(trigger);
    file.setEncoder(encoder);
    file.start();
    OutputStreamAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    root.addAppender(file);
    if (stderr != null) {
      root.detachAppender(stderr);
    }
  }
}
