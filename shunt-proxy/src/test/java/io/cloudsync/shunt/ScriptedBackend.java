package io.cloudsync.shunt;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Swift proxy that answers with exactly the bytes a test scripts, one thread per
 * connection, so protocol corner cases (a 204 with Content-Length, a HEAD answered with chunked
 * headers, a connection closed mid-body, an interim 100) can be produced on demand.
 */
final class ScriptedBackend implements Closeable {
  /** What to do with one accepted connection; {@code index} counts connections from 0. */
  interface Script {
    void run(Conn conn, int index) throws Exception;
  }

  private final ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  final List<String> heads = new CopyOnWriteArrayList<>();

  ScriptedBackend(Script script) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          int index = accepted.getAndIncrement();
          Thread worker = new Thread(() -> {
            try (socket) {
              script.run(new Conn(socket, heads), index);
            } catch (Exception e) {
              failures.add(e);
            }
          }, "backend-conn-" + index);
          worker.setDaemon(true);
          worker.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "backend-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  int connections() {
    return accepted.get();
  }

  List<Throwable> failures() {
    return failures;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  /** One backend connection as the script sees it. */
  static final class Conn {
    final Socket socket;
    final InputStream in;
    final OutputStream out;
    private final List<String> heads;

    Conn(Socket socket, List<String> heads) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
      this.heads = heads;
      socket.setSoTimeout(20_000);
    }

    /** Reads a request head (through the blank line) as ISO-8859-1 text; null at EOF. */
    String readHead() throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        buf.write(b);
        byte[] a = buf.toByteArray();
        int n = a.length;
        if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
          String head = buf.toString(StandardCharsets.ISO_8859_1);
          heads.add(head);
          return head;
        }
      }
      return null;
    }

    byte[] readBytes(int n) throws IOException {
      return in.readNBytes(n);
    }

    /** Reads a chunked body (through the last chunk and its trailers). */
    byte[] readChunked() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line();
        int n = Integer.parseInt(size.split(";")[0].strip(), 16);
        if (n == 0) {
          while (!line().isEmpty()) {
            // trailers
          }
          return body.toByteArray();
        }
        body.write(in.readNBytes(n));
        line();
      }
    }

    private String line() throws IOException {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        if (b != '\r') {
          buf.write(b);
        }
      }
      return buf.toString(StandardCharsets.ISO_8859_1);
    }

    void write(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    void write(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }
  }

  static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
        return line.substring(colon + 1).strip();
      }
    }
    return null;
  }
}
