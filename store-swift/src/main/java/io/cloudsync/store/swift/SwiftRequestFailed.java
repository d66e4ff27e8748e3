package io.cloudsync.store.swift;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A request to a remote Swift cluster answered with an error status, worded as
 * python-swiftclient words it ({@code Object PUT failed: <url> 404 Not Found}), which upstream's
 * verify tool prints.
 */
public final class SwiftRequestFailed extends Exception {
  private static final long serialVersionUID = 1L;
  private static final int BODY_CHARS = 60;

  private final int status;

  public SwiftRequestFailed(String what, URI url, SwiftAnswer answer) {
    super(what + " failed: " + url + " " + answer.status() + " " + answer.reason() + bodyStart(answer));
    this.status = answer.status();
  }

  public int status() {
    return status;
  }

  private static String bodyStart(SwiftAnswer answer) {
    String text = new String(answer.body(), StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return "";
    }
    return "  " + (text.length() > BODY_CHARS ? text.substring(0, BODY_CHARS) : text);
  }
}
