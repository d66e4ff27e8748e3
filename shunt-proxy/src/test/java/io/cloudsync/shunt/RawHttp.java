package io.cloudsync.shunt;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately small HTTP/1.1 client on one socket, for tests that must control the bytes on
 * the wire: keep-alive, pipelining, chunked bodies, {@code Expect: 100-continue}, HEAD framing.
 * Header text is read and written as ISO-8859-1 (one char per byte).
 */
final class RawHttp implements Closeable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(InetSocketAddress address) throws IOException {
    socket = new Socket();
    socket.connect(address, 5000);
    socket.setSoTimeout(30_000);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    out = socket.getOutputStream();
  }

  Socket socket() {
    return socket;
  }

  RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Writes a request head: request line, headers, blank line. */
  RawHttp head(String method, String target, String... headers) throws IOException {
    StringBuilder sb = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    return send(sb.append("\r\n").toString());
  }

  /** Writes one chunk of a chunked body (an empty array writes the last chunk). */
  RawHttp chunk(byte[] data) throws IOException {
    if (data.length == 0) {
      return send("0\r\n\r\n");
    }
    send(Integer.toHexString(data.length) + "\r\n");
    send(data);
    return send("\r\n");
  }

  /** Reads one response; {@code headRequest} means it has no body whatever its headers say. */
  Response read(boolean headRequest) throws IOException {
    String statusLine = line();
    if (statusLine == null) {
      throw new EOFException("connection closed before a response");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.add(Map.entry(l.substring(0, colon), l.substring(colon + 1).strip()));
    }
    Response response = new Response(status, parts.length > 2 ? parts[2] : "", headers, new byte[0]);
    if (headRequest || status < 200 || status == 204 || status == 304) {
      return response;
    }
    byte[] body;
    String te = response.header("Transfer-Encoding");
    String cl = response.header("Content-Length");
    if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      while (true) {
        String size = line();
        int n = Integer.parseInt(size.split(";")[0].strip(), 16);
        if (n == 0) {
          while (!line().isEmpty()) {
            // trailers
          }
          break;
        }
        buf.write(in.readNBytes(n));
        line();
      }
      body = buf.toByteArray();
    } else if (cl != null) {
      body = in.readNBytes(Integer.parseInt(cl));
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, response.reason(), headers, body);
  }

  /** True when the peer has closed the connection (EOF) within the timeout. */
  boolean closedByPeer(int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    } finally {
      socket.setSoTimeout(30_000);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = buf.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      buf.write(b);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  record Response(int status, String reason, List<Map.Entry<String, String>> headers, byte[] body) {
    String header(String name) {
      for (Map.Entry<String, String> h : headers) {
        if (h.getKey().equalsIgnoreCase(name)) {
          return h.getValue();
        }
      }
      return null;
    }

    List<String> headerNames() {
      return headers.stream().map(Map.Entry::getKey).toList();
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
