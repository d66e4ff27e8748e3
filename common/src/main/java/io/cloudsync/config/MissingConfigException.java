package io.cloudsync.config;

/**
 * The configuration file does not exist. Kept apart from other {@link ConfigException}s so
 * that the command line can apply swift-s3-sync's rule: {@code sync} and {@code migrate} log
 * the problem and exit 0 (a supervisor must not restart them in a loop) unless
 * {@code --strict} is given, and the shunt keeps passing requests through.
 */
public class MissingConfigException extends ConfigException {

  /** @param source the path that does not exist */
  public MissingConfigException(String source) {
    super(source, "", "configuration file does not exist", -1, -1);
  }
}
