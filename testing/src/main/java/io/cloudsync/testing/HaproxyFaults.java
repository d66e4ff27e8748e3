package io.cloudsync.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Debian's HAProxy (installed when missing) as an HTTP reverse proxy in front of a remote store,
 * answering {@code 503} to every request while a fault is switched on through its runtime API
 * (an ACL file that {@code add acl}/{@code clear acl} fill and empty), so 5xx bursts start and
 * stop while the daemon runs.
 */
public final class HaproxyFaults implements AutoCloseable {
  private final Process process;
  private final Path socket;
  private final Path acl;
  private final int port;

  private HaproxyFaults(Process process, Path socket, Path acl, int port) {
    this.process = process;
    this.socket = socket;
    this.acl = acl;
    this.port = port;
  }

  /** Starts HAProxy on a free loopback port in front of {@code upstream} (host:port); files go to {@code dir}. */
  public static HaproxyFaults start(Path dir, String upstream) throws IOException {
    if (!Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
      Shell.run(Duration.ofMinutes(10), Map.of("DEBIAN_FRONTEND", "noninteractive"),
          "apt-get", "install", "-y", "--no-install-recommends", "haproxy");
    }
    Files.createDirectories(dir);
    int port = Toxiproxy.freePort();
    Path socket = dir.resolve("admin.sock");
    Path acl = dir.resolve("fail.acl");
    Files.writeString(acl, "");
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(cfg, String.join("\n",
        "global",
        "  stats socket " + socket + " mode 600 level admin",
        "defaults",
        "  mode http",
        "  timeout connect 5s",
        "  timeout client 120s",
        "  timeout server 120s",
        "frontend in",
        "  bind 127.0.0.1:" + port,
        "  http-request return status 503 content-type text/plain string \"injected fault\" if { path_beg -f "
            + acl + " }",
        "  default_backend out",
        "backend out",
        "  server upstream " + upstream,
        ""));
    Process p = new ProcessBuilder("/usr/sbin/haproxy", "-f", cfg.toString(), "-db")
        .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    HaproxyFaults h = new HaproxyFaults(p, socket, acl, port);
    Instant deadline = Instant.now().plusSeconds(30);
    while (!Files.exists(socket)) {
      if (!p.isAlive() || Instant.now().isAfter(deadline)) {
        p.destroyForcibly();
        throw new IOException("haproxy did not start: " + Files.readString(dir.resolve("haproxy.log")));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    return h;
  }

  public int port() {
    return port;
  }

  /** From now on every request gets HAProxy's 503 (the upstream sees none). */
  public void fail() throws IOException {
    command("add acl " + acl + " /");
  }

  /** Requests reach the upstream again. */
  public void heal() throws IOException {
    command("clear acl " + acl);
  }

  private String command(String line) throws IOException {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer buf = ByteBuffer.allocate(4096);
      StringBuilder out = new StringBuilder();
      while (ch.read(buf) > 0) {
        buf.flip();
        out.append(StandardCharsets.US_ASCII.decode(buf));
        buf.clear();
      }
      String answer = out.toString().trim();
      if (!answer.isEmpty()) {
        throw new IOException("haproxy '" + line + "': " + answer);
      }
      return answer;
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
