package io.cloudsync.store;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A ready-to-send plain HTTP/1.1 {@code GET} of one remote object ({@link StoreFeature#DIRECT_GET}):
 * the backend has named and, if it must, signed it; the caller only connects and writes it.
 *
 * @param host where to connect
 * @param port the TCP port
 * @param target the request target in origin form, already percent-encoded
 * @param headers the request headers, {@code Host} included, in order
 */
public record DirectGet(String host, int port, String target, List<Map.Entry<String, String>> headers) {
  public DirectGet {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(target, "target");
    headers = List.copyOf(headers);
    if (!target.startsWith("/")) {
      throw new IllegalArgumentException("not an origin-form target: " + target);
    }
  }

  /** Where it goes, for log lines. */
  public String describe() {
    return "http://" + host + ":" + port;
  }
}
