package io.cloudsync.config;

import java.util.Objects;

/**
 * A listening address such as {@code 127.0.0.1:9811} or {@code [::1]:9811}.
 *
 * @param host host name or IP literal (IPv6 without brackets)
 * @param port 0 to 65535; 0 asks the OS for a free port (tests)
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty host");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses {@code host:port} or {@code [ipv6]:port}.
   *
   * @throws IllegalArgumentException with an operator-readable message
   */
  public static HostPort parse(String s) {
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("must be HOST:PORT or [IPv6]:PORT, got \"" + s + "\"");
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon < 0 || s.indexOf(':') != colon) {
        throw new IllegalArgumentException("must be HOST:PORT or [IPv6]:PORT, got \"" + s + "\"");
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("missing host in \"" + s + "\"");
    }
    if (!port.matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("port must be a number from 0 to 65535, got \"" + s + "\"");
    }
    int p = Integer.parseInt(port);
    if (p > 65535) {
      throw new IllegalArgumentException("port must be a number from 0 to 65535, got \"" + s + "\"");
    }
    return new HostPort(host, p);
  }

  /** {@code host:port}, with brackets around an IPv6 literal. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
