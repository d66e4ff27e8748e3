package io.cloudsync.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One request on its own socket, written byte for byte as given (absolute-form and dot-segment
 * targets that {@code java.net.http} would refuse or rewrite), for the shunt's end-to-end tests.
 *
 * @param method e.g. {@code GET}
 * @param target the request target exactly as sent
 * @param token an {@code X-Auth-Token}, or null for none
 */
record RawRequest(String method, String target, String token) {

  private byte[] head(boolean close) {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: any\r\n");
    if (close) {
      head.append("Connection: close\r\n");
    }
    if (token != null) {
      head.append("X-Auth-Token: ").append(token).append("\r\n");
    }
    return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Sends the request with {@code Connection: close}; the whole answer, one char per byte. */
  String exchange(int port) throws IOException {
    try (Socket socket = open(port, true)) {
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Sends the request (keep-alive), reads the answer's head and its {@code Content-Length} bytes,
   * and closes the connection at once, as a client that is done with the body does.
   *
   * @return the body
   */
  byte[] readBodyAndClose(int port) throws IOException {
    try (Socket socket = open(port, false)) {
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new IOException("connection closed in the answer's head: " + head);
        }
        head.write(b);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      if (!text.startsWith("HTTP/1.1 200 ")) {
        throw new IOException("not a 200 answer: " + text);
      }
      int length = text.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
          .map(l -> Integer.parseInt(l.substring(15).strip())).findFirst()
          .orElseThrow(() -> new IOException("no Content-Length in " + text));
      return in.readNBytes(length);
    }
  }

  private Socket open(int port, boolean close) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    OutputStream out = socket.getOutputStream();
    out.write(head(close));
    out.flush();
    return socket;
  }
}
