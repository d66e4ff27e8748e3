package io.cloudsync.swift;

import io.cloudsync.logging.LogSafe;
import java.util.Objects;

/**
 * The name of one object in the local Swift cluster: account, container and object name, as
 * Unicode text (never percent-encoded). The object name may contain any character Swift accepts,
 * including {@code //}, a leading {@code /}, spaces, {@code %}, {@code ?} and {@code #}.
 */
public record SwiftPath(String account, String container, String object) {
  public SwiftPath {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(object, "object");
  }

  /** For log lines and messages: control characters are escaped ({@link LogSafe}), so a name cannot forge a line. */
  @Override
  public String toString() {
    return LogSafe.text(account + "/" + container + "/" + object);
  }
}
