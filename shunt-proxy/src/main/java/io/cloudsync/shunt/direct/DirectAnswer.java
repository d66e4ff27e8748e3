package io.cloudsync.shunt.direct;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The head of a remote answer read over the shunt's own connection, and its body still on the wire.
 *
 * @param status the HTTP status
 * @param headers the answer's headers in order, names as sent
 * @param body the body; must be subscribed to or {@link #discard discarded} (either closes the
 *     connection in the end)
 */
public record DirectAnswer(int status, List<Map.Entry<String, String>> headers, DirectGetChannel body) {

  public DirectAnswer {
    headers = List.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** Drops the answer: closes its connection. */
  public void discard() {
    body.close();
  }
}
