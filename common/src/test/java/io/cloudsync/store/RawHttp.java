package io.cloudsync.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sends a {@link DirectGet} as it is on a connection of its own, as the shunt does, and reads the whole answer. */
public final class RawHttp {
  private RawHttp() {}

  /** An HTTP answer; the body is everything after the headers (the request asks the server to close). */
  public record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

  public static Answer send(DirectGet get) throws IOException {
    try (Socket socket = new Socket(get.host(), get.port())) {
      socket.setSoTimeout(30_000);
      StringBuilder request = new StringBuilder("GET ").append(get.target()).append(" HTTP/1.1\r\n");
      get.headers().forEach(h -> request.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
      request.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Answer parse(byte[] raw) throws IOException {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (end < 0) {
      throw new IOException("no complete HTTP head in " + raw.length + " bytes");
    }
    String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(Map.entry(lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()));
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(raw, end + 4, raw.length - end - 4);
    return new Answer(status, headers, body.toByteArray());
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
