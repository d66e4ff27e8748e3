package io.cloudsync.shunt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudsync.testing.Saio;
import io.cloudsync.testing.Shell;
import io.cloudsync.testing.SwiftClient;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shunt in front of the real Swift all-in-one, on a free loopback port, driven by the swift
 * CLI, curl, java.net.http and raw sockets.
 */
class ShuntSaioIT {
  private static final Set<String> VOLATILE_HEADERS = Set.of("date", "x-trans-id", "x-openstack-request-id");

  private static Saio saio;
  private static SwiftClient swift;
  private static ShuntServer shunt;
  private static String base;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String PLAIN = "shunt-it-" + RUN;
  private static final String ARCHIVED = "shunt-it-arch-" + RUN;
  private static final List<ArchiveRequest> readerCalls = new CopyOnWriteArrayList<>();

  @TempDir
  static Path tmp;

  @BeforeAll
  static void start() throws IOException {
    NettyLeakGuard.install();
    saio = Saio.get();
    swift = saio.client();
    swift.createContainer(PLAIN);
    swift.createContainer(ARCHIVED);
    ArchiveReader reader = request -> {
      readerCalls.add(request);
      DefaultHttpHeaders headers = new DefaultHttpHeaders();
      headers.set("Content-Type", "text/plain");
      headers.set("X-Test-Archive", "yes");
      return CompletableFuture.completedFuture(ShuntResponse.of(HttpResponseStatus.OK, headers,
          ("remote " + request.path().object()).getBytes(StandardCharsets.UTF_8)));
    };
    ShuntRoutes routes = ShuntRoutes.builder().route(saio.account(), ARCHIVED, reader, null).build();
    shunt = ShuntServer.start(new InetSocketAddress("127.0.0.1", 0), URI.create(saio.proxyUrl()), routes,
        ShuntOptions.defaults());
    base = "http://127.0.0.1:" + shunt.localAddress().getPort();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (shunt != null) {
      shunt.close();
    }
    // Best effort: the SAIO is shared, leave no 100 MiB objects behind.
    for (String container : List.of(PLAIN, ARCHIVED)) {
      Shell.exec(Duration.ofMinutes(2), Map.of(), List.of("swift", "-A", saio.env("SWIFT_AUTH_URL"), "-U",
          "test:tester", "-K", "testing", "delete", container));
    }
    NettyLeakGuard.assertNoLeaks();
  }

  private static String[] swiftCli(String... args) {
    List<String> command = new ArrayList<>(List.of("swift", "-A", base + "/auth/v1.0", "-U", "test:tester",
        "-K", "testing"));
    command.addAll(List.of(args));
    return command.toArray(String[]::new);
  }

  private static Shell.Result run(String... command) {
    return Shell.run(Duration.ofMinutes(5), Map.of(), command);
  }

  private static String md5(Path file) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        md5.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static String md5(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
  }

  private static Path randomFile(String name, long size) throws IOException {
    Path file = tmp.resolve(name);
    Random random = new Random(size);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= buf.length) {
        random.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, left));
      }
    }
    return file;
  }

  private static String path(String container, String object) {
    return "/v1/" + saio.account() + "/" + SwiftClient.encodePath(container)
        + (object == null ? "" : "/" + SwiftClient.encodePath(object));
  }

  private static RawHttp raw() throws IOException {
    return new RawHttp(shunt.localAddress());
  }

  /** Samples Netty's buffer memory while a transfer runs, to show bodies are not held whole. */
  private static final class MemoryProbe implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;

    MemoryProbe() {
      thread = new Thread(() -> {
        while (running.get()) {
          peak.accumulateAndGet(nettyMemory(), Math::max);
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "memory-probe");
      thread.setDaemon(true);
      thread.start();
    }

    static long nettyMemory() {
      long used = Math.max(0, PlatformDependent.usedDirectMemory());
      if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
        used = Math.max(used, provider.metric().usedDirectMemory() + provider.metric().usedHeapMemory());
      }
      return used;
    }

    long peak() {
      return peak.get();
    }

    @Override
    public void close() {
      running.set(false);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void swiftCliUploadsAndDownloads100MiBThroughTheShunt() throws Exception {
    long size = 100L << 20;
    Path file = randomFile("big.bin", size);
    String expected = md5(file);
    long baseline = MemoryProbe.nettyMemory();
    Path out = tmp.resolve("big.out");
    long upload;
    long download;
    long peak;
    try (MemoryProbe probe = new MemoryProbe()) {
      long t0 = System.nanoTime();
      run(swiftCli("upload", PLAIN, file.toString(), "--object-name", "big.bin"));
      upload = System.nanoTime() - t0;
      t0 = System.nanoTime();
      run(swiftCli("download", PLAIN, "big.bin", "-o", out.toString()));
      download = System.nanoTime() - t0;
      peak = probe.peak();
    }
    assertThat(md5(out)).isEqualTo(expected);
    assertThat(Files.size(out)).isEqualTo(size);
    String stat = run(swiftCli("stat", PLAIN, "big.bin")).output();
    assertThat(stat).contains("Content Length: " + size).contains("ETag: " + expected);
    assertThat(run(swiftCli("list", PLAIN)).output()).contains("big.bin");
    // Bounded memory: the 100 MiB bodies never sit in the proxy's buffers.
    assertThat(peak - baseline).isLessThan(48L << 20);
    System.out.printf("shunt 100 MiB via swift CLI: upload %.2f s (%.0f MiB/s), download %.2f s (%.0f MiB/s),"
            + " netty buffer memory peak %d KiB over %d KiB%n",
        upload / 1e9, 100 / (upload / 1e9), download / 1e9, 100 / (download / 1e9), peak >> 10, baseline >> 10);
  }

  @Test
  void storageUrlFromAuthPointsAtTheShunt() throws Exception {
    try (RawHttp http = raw()) {
      RawHttp.Response auth = http.head("GET", "/auth/v1.0", "Host: 127.0.0.1:" + shunt.localAddress().getPort(),
          "X-Auth-User: test:tester", "X-Auth-Key: testing").read(false);
      assertThat(auth.status()).isEqualTo(200);
      assertThat(auth.header("X-Storage-Url")).isEqualTo(base + "/v1/" + saio.account());
      assertThat(auth.header("X-Auth-Token")).isEqualTo(swift.token());
    }
  }

  @Test
  void swiftCliSegmentedUploadWithUnicodeNameAndMetadata() throws Exception {
    Path file = randomFile("seg.bin", 5L << 20);
    String name = "d\u00eer/\u00fcn\u00ef c\u00f6d\u00e9 %20+?.bin";
    run(swiftCli("upload", PLAIN, file.toString(), "--object-name", name, "-S", "1048576", "--use-slo",
        "-H", "X-Object-Meta-Color: bl\u00e9u clair"));
    Path out = tmp.resolve("seg.out");
    run(swiftCli("download", PLAIN, name, "-o", out.toString()));
    assertThat(md5(out)).isEqualTo(md5(file));
    String stat = run(swiftCli("stat", PLAIN, name)).output();
    assertThat(stat).contains("Meta Color: bl\u00e9u clair").contains("Manifest");
    // Same answer through the shunt and directly.
    HttpResponse<byte[]> direct = swift.request("HEAD", PLAIN, name, Map.of(), null);
    try (RawHttp http = raw()) {
      RawHttp.Response viaShunt = http.head("HEAD", path(PLAIN, name), "Host: x",
          "X-Auth-Token: " + swift.token()).read(true);
      assertThat(viaShunt.status()).isEqualTo(direct.statusCode());
      assertThat(new String(viaShunt.header("X-Object-Meta-Color").getBytes(StandardCharsets.ISO_8859_1),
          StandardCharsets.UTF_8)).isEqualTo("bl\u00e9u clair");
      assertThat(viaShunt.header("Etag")).isEqualTo(direct.headers().firstValue("Etag").orElseThrow());
    }
  }

  @Test
  void chunkedUploadIsStoredWhole() throws Exception {
    Random random = new Random(7);
    byte[] data = new byte[8 << 20];
    random.nextBytes(data);
    try (RawHttp http = raw()) {
      http.head("PUT", path(PLAIN, "chunked.bin"), "Host: x", "X-Auth-Token: " + swift.token(),
          "Transfer-Encoding: chunked", "Content-Type: application/x-test");
      for (int off = 0; off < data.length; ) {
        int n = Math.min(data.length - off, 1 + random.nextInt(200_000));
        byte[] piece = new byte[n];
        System.arraycopy(data, off, piece, 0, n);
        http.chunk(piece);
        off += n;
      }
      http.chunk(new byte[0]);
      RawHttp.Response put = http.read(false);
      assertThat(put.status()).isEqualTo(201);
      assertThat(put.header("Etag")).isEqualTo(md5(data));
      // Same connection: read it back.
      RawHttp.Response get = http.head("GET", path(PLAIN, "chunked.bin"), "Host: x",
          "X-Auth-Token: " + swift.token()).read(false);
      assertThat(get.status()).isEqualTo(200);
      assertThat(get.body()).isEqualTo(data);
      assertThat(get.header("Content-Type")).isEqualTo("application/x-test");
    }
  }

  @Test
  void expectContinueGetsSwiftsInterimAnswerBeforeTheBody() throws Exception {
    byte[] data = "expected to continue".getBytes(StandardCharsets.US_ASCII);
    try (RawHttp http = raw()) {
      http.head("PUT", path(PLAIN, "expect.txt"), "Host: x", "X-Auth-Token: " + swift.token(),
          "Content-Length: " + data.length, "Expect: 100-continue");
      RawHttp.Response interim = http.read(false);
      assertThat(interim.status()).isEqualTo(100);
      http.send(data);
      RawHttp.Response put = http.read(false);
      assertThat(put.status()).isEqualTo(201);
      assertThat(put.header("Etag")).isEqualTo(md5(data));
      // The connection stays usable after an interim answer.
      RawHttp.Response get = http.head("GET", path(PLAIN, "expect.txt"), "Host: x",
          "X-Auth-Token: " + swift.token()).read(false);
      assertThat(get.body()).isEqualTo(data);
    }
  }

  @Test
  void expectContinueWithCurlDoesNotWaitForCurlsTimeout() throws Exception {
    Path file = randomFile("curl.bin", 3L << 20);
    Shell.Result result = run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{time_total}",
        "-T", file.toString(), "-H", "Expect: 100-continue", "-H", "X-Auth-Token: " + swift.token(),
        "--expect100-timeout", "10", base + path(PLAIN, "curl.bin"));
    String[] parts = result.output().strip().split(" ");
    assertThat(parts[0]).isEqualTo("201");
    // Without the relayed 100 Continue, curl would wait its 10 s expect timeout.
    assertThat(Double.parseDouble(parts[1])).isLessThan(5.0);
    assertThat(swift.request("HEAD", PLAIN, "curl.bin", Map.of(), null).headers().firstValue("Etag"))
        .contains(md5(file));
  }

  @Test
  void expectContinueWithoutTokenGets401AtOnceAndNothingIsStored() throws Exception {
    try (RawHttp http = raw()) {
      long t0 = System.nanoTime();
      http.head("PUT", path(PLAIN, "denied.txt"), "Host: x", "Content-Length: 1000000", "Expect: 100-continue");
      RawHttp.Response r = http.read(false);
      assertThat(r.status()).isEqualTo(401);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(swift.request("HEAD", PLAIN, "denied.txt", Map.of(), null).statusCode()).isEqualTo(404);
  }

  @Test
  void keepAliveServesManyRequestsOnOneConnection() throws Exception {
    String token = "X-Auth-Token: " + swift.token();
    try (RawHttp http = raw()) {
      assertThat(http.head("PUT", path(PLAIN, "ka.txt"), "Host: x", token, "Content-Length: 5").send("hello")
          .read(false).status()).isEqualTo(201);
      for (int i = 0; i < 5; i++) {
        RawHttp.Response get = http.head("GET", path(PLAIN, "ka.txt"), "Host: x", token).read(false);
        assertThat(get.text()).isEqualTo("hello");
        RawHttp.Response head = http.head("HEAD", path(PLAIN, "ka.txt"), "Host: x", token).read(true);
        assertThat(head.header("Content-Length")).isEqualTo("5");
      }
      // Pipelined: three requests in one write, answered in order.
      http.send("GET " + path(PLAIN, "ka.txt") + " HTTP/1.1\r\nHost: x\r\n" + token + "\r\n\r\n"
          + "HEAD " + path(PLAIN, "ka.txt") + " HTTP/1.1\r\nHost: x\r\n" + token + "\r\n\r\n"
          + "GET " + path(PLAIN, "nope") + " HTTP/1.1\r\nHost: x\r\n" + token + "\r\n\r\n");
      assertThat(http.read(false).text()).isEqualTo("hello");
      assertThat(http.read(true).status()).isEqualTo(200);
      assertThat(http.read(false).status()).isEqualTo(404);
      assertThat(http.head("DELETE", path(PLAIN, "ka.txt"), "Host: x", token).read(false).status())
          .isEqualTo(204);
    }
    // java.net.http keeps its connection alive too.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path(PLAIN, null)
          + "?format=json")).header("X-Auth-Token", swift.token()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).startsWith("[");
    }
  }

  @Test
  void unauthenticatedRequestGetsSwifts401Unchanged() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String target = path(PLAIN, null);
    HttpResponse<String> direct = client.send(HttpRequest.newBuilder(URI.create(saio.proxyUrl() + target)).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> viaShunt = client.send(HttpRequest.newBuilder(URI.create(base + target)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(viaShunt.statusCode()).isEqualTo(401).isEqualTo(direct.statusCode());
    assertThat(viaShunt.body()).isEqualTo(direct.body());
    assertThat(stable(viaShunt.headers().map())).isEqualTo(stable(direct.headers().map()));
    // The same for a configured (archived) container: Swift's 401 wins, the archive is not asked.
    int before = readerCalls.size();
    try (RawHttp http = raw()) {
      RawHttp.Response r = http.head("GET", path(ARCHIVED, "secret"), "Host: x").read(false);
      assertThat(r.status()).isEqualTo(401);
      RawHttp.Response bad = http.head("GET", path(ARCHIVED, "secret"), "Host: x", "X-Auth-Token: AUTH_tkbogus")
          .read(false);
      assertThat(bad.status()).isEqualTo(401);
    }
    assertThat(readerCalls).hasSize(before);
  }

  private static Map<String, List<String>> stable(Map<String, List<String>> headers) {
    Map<String, List<String>> copy = new java.util.TreeMap<>();
    headers.forEach((k, v) -> {
      if (!VOLATILE_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
        copy.put(k.toLowerCase(java.util.Locale.ROOT), v);
      }
    });
    return copy;
  }

  @Test
  void headHasHeadersAndNoBody() throws Exception {
    byte[] data = new byte[123_457];
    new Random(3).nextBytes(data);
    swift.put(PLAIN, "head.bin", data, Map.of("X-Object-Meta-Kind", "head test"));
    try (RawHttp http = raw()) {
      RawHttp.Response head = http.head("HEAD", path(PLAIN, "head.bin"), "Host: x",
          "X-Auth-Token: " + swift.token()).read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Content-Length")).isEqualTo("123457");
      assertThat(head.header("Etag")).isEqualTo(md5(data));
      assertThat(head.header("X-Object-Meta-Kind")).isEqualTo("head test");
      // No stray body bytes: the next answer on the connection parses.
      RawHttp.Response get = http.head("GET", path(PLAIN, "head.bin"), "Host: x",
          "X-Auth-Token: " + swift.token(), "Range: bytes=10-19").read(false);
      assertThat(get.status()).isEqualTo(206);
      assertThat(get.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));
    }
  }

  @Test
  void notFoundInAnUnconfiguredContainerIsSwifts404() throws Exception {
    HttpResponse<byte[]> direct = swift.request("GET", PLAIN, "missing", Map.of(), null);
    try (RawHttp http = raw()) {
      RawHttp.Response r = http.head("GET", path(PLAIN, "missing"), "Host: x", "X-Auth-Token: " + swift.token())
          .read(false);
      assertThat(r.status()).isEqualTo(404).isEqualTo(direct.statusCode());
      assertThat(r.body()).isEqualTo(direct.body());
      assertThat(r.header("X-Test-Archive")).isNull();
    }
  }

  @Test
  void configuredContainerServesSwiftFirstAndTheArchiveOnlyOn404() throws Exception {
    swift.put(ARCHIVED, "local.txt", "local data".getBytes(StandardCharsets.UTF_8), Map.of());
    int before = readerCalls.size();
    try (RawHttp http = raw()) {
      String token = "X-Auth-Token: " + swift.token();
      RawHttp.Response local = http.head("GET", path(ARCHIVED, "local.txt"), "Host: x", token).read(false);
      assertThat(local.text()).isEqualTo("local data");
      assertThat(readerCalls).hasSize(before);
      RawHttp.Response remote = http.head("GET", path(ARCHIVED, "gone/\u00e9.txt"), "Host: x", token,
          "If-None-Match: abc").read(false);
      assertThat(remote.status()).isEqualTo(200);
      assertThat(remote.text()).isEqualTo("remote gone/\u00e9.txt");
      assertThat(remote.header("X-Test-Archive")).isEqualTo("yes");
      RawHttp.Response head = http.head("HEAD", path(ARCHIVED, "gone2"), "Host: x", token).read(true);
      assertThat(head.header("Content-Length")).isEqualTo(String.valueOf("remote gone2".length()));
    }
    assertThat(readerCalls).hasSize(before + 2);
    ArchiveRequest first = readerCalls.get(before);
    assertThat(first.path()).isEqualTo(new io.cloudsync.swift.SwiftPath(saio.account(), ARCHIVED, "gone/\u00e9.txt"));
    assertThat(first.requestHeaders().get("If-None-Match")).isEqualTo("abc");
    assertThat(first.swiftHeaders().get("X-Trans-Id")).isNotBlank();
  }

  @Test
  void clientLeavingMidDownloadClosesItsSwiftConnection() throws Exception {
    byte[] data = new byte[32 << 20];
    new Random(5).nextBytes(data);
    swift.put(PLAIN, "leave.bin", data, Map.of());
    ShuntServer own = ShuntServer.start(new InetSocketAddress("127.0.0.1", 0), URI.create(saio.proxyUrl()));
    try {
      try (RawHttp http = new RawHttp(own.localAddress())) {
        http.head("GET", path(PLAIN, "leave.bin"), "Host: x", "X-Auth-Token: " + swift.token());
        http.socket().getInputStream().readNBytes(1 << 20);
        await().atMost(Duration.ofSeconds(5)).until(() -> own.openBackendConnections() == 1);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> own.openConnections() == 0
          && own.openBackendConnections() == 0);
    } finally {
      own.close();
    }
  }

  @Test
  void unreachableSwiftGives502() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (ShuntServer down = ShuntServer.start(new InetSocketAddress("127.0.0.1", 0),
        URI.create("http://127.0.0.1:" + port))) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + down.localAddress().getPort() + "/v1/AUTH_test/c/o")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body()).startsWith("Bad Gateway");
      Shell.Result cli = Shell.exec(Duration.ofMinutes(1), Map.of(), List.of("swift", "-A", "http://127.0.0.1:"
          + down.localAddress().getPort() + "/auth/v1.0", "-U", "test:tester", "-K", "testing", "--retries", "0",
          "stat"));
      assertThat(cli.exitCode()).isNotZero();
      assertThat(cli.output()).contains("502");
    }
  }
}
