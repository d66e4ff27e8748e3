package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.swift.SwiftPath;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The segmented SLO restore against a scripted internal proxy that records every request. */
class SloRestoreTest {
  private static final int CHUNK = 1000;

  private EventLoopGroup group;
  private ExecutorService threads;
  private ServerSocket server;
  /** Answers by "METHOD path": status and extra header lines. */
  private final Map<String, String> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  record Request(String method, String path, String head, byte[] body) {}

  @BeforeEach
  void setUp() throws IOException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    threads = Executors.newCachedThreadPool();
    server = new ServerSocket(0);
    threads.execute(this::serve);
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
    threads.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        threads.execute(() -> answer(s));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void answer(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.write(b);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      String[] line = text.substring(0, text.indexOf('\r')).split(" ");
      int length = Integer.parseInt(text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
          .findFirst().orElse("content-length: 0").substring(15).strip());
      String answer = answers.getOrDefault(line[0] + " " + line[1], line[0].equals("HEAD") ? "404" : "201");
      byte[] body = new byte[0];
      boolean expect = text.toLowerCase().contains("\r\nexpect: 100-continue\r\n");
      if (!expect || answer.startsWith("2")) {
        if (expect) {
          // Like Swift: the interim answer only when the body will be read.
          s.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        body = in.readNBytes(length);
      }
      requests.add(new Request(line[0], line[1], text, body));
      String framing = answer.contains("Content-Length:") ? "" : "\r\nContent-Length: 0";
      s.getOutputStream().write(("HTTP/1.1 " + answer + framing + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      // the restore cut the connection
    }
  }

  private Restorer restorer() {
    return new Restorer(URI.create("http://127.0.0.1:" + server.getLocalPort()), group,
        ArchiveSettings.defaults().withRestoreStall(Duration.ofSeconds(5)));
  }

  private static String md5(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
  }

  private static byte[] bytes(int size, int seed) {
    byte[] data = new byte[size];
    new java.util.Random(seed).nextBytes(data);
    return data;
  }

  private static HttpHeaders remoteHeaders(long length) {
    return new DefaultHttpHeaders().add("Content-Length", length).add("Content-Type", "video/x-test;swift_bytes=9")
        .add("Etag", "0123456789abcdef0123456789abcdef-2").add("X-Static-Large-Object", "True")
        .add("X-Object-Meta-Colour", "bl\u00c3\u00bc").add("Remote-x-amz-request-id", "r");
  }

  /** Emits {@code data} in {@value #CHUNK}-byte chunks as demanded. */
  private static Flow.Publisher<ByteBuffer> body(byte[] data) {
    return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
      final AtomicLong demand = new AtomicLong();
      int offset;
      boolean emitting;

      @Override
      public synchronized void request(long n) {
        demand.addAndGet(n);
        if (emitting) {
          return;
        }
        emitting = true;
        while (demand.get() > 0 && offset < data.length) {
          int n2 = Math.min(CHUNK, data.length - offset);
          demand.decrementAndGet();
          ByteBuffer chunk = ByteBuffer.wrap(data, offset, n2).slice();
          offset += n2;
          subscriber.onNext(chunk);
        }
        if (offset == data.length && offset >= 0) {
          offset = Integer.MAX_VALUE;
          subscriber.onComplete();
        }
        emitting = false;
      }

      @Override
      public void cancel() {}
    });
  }

  /** Reads the body one chunk at a time on a separate thread, like the client writer. */
  private CompletableFuture<byte[]> read(Flow.Publisher<ByteBuffer> body) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    body.subscribe(new Flow.Subscriber<>() {
      final ByteArrayOutputStream out = new ByteArrayOutputStream();
      Flow.Subscription s;

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        s = subscription;
        threads.execute(() -> s.request(1));
      }

      @Override
      public void onNext(ByteBuffer item) {
        byte[] b = new byte[item.remaining()];
        item.get(b);
        out.writeBytes(b);
        threads.execute(() -> s.request(1));
      }

      @Override
      public void onError(Throwable t) {
        result.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        result.complete(out.toByteArray());
      }
    });
    return result;
  }

  private String manifestJson(byte[] a, byte[] b) throws Exception {
    return "[{\"name\":\"/s\\u00e9g/p\\u00e4rt 1\",\"bytes\":" + a.length + ",\"hash\":\"" + md5(a)
        + "\",\"content_type\":\"video/x-segment\",\"last_modified\":\"2026-01-01T00:00:00.000000\"},"
        + "{\"name\":\"/s\\u00e9g/part2\",\"bytes\":" + b.length + ",\"hash\":\"" + md5(b) + "\"}]";
  }

  private static byte[] join(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Serves {@code content} for an archived SLO whose {@code swift-slo-etag} is the manifest's etag. */
  private byte[] restore(byte[] content, String json) throws Exception {
    SloManifest manifest = SloManifest.parse(json.getBytes(StandardCharsets.UTF_8));
    return restore(content, manifest, md5(json.getBytes(StandardCharsets.UTF_8)));
  }

  private byte[] restore(byte[] content, SloManifest manifest, String archivedEtag) throws Exception {
    Flow.Publisher<ByteBuffer> served = restorer().restoringSlo(new SwiftPath("AUTH_a", "c", "big \u2603"),
        remoteHeaders(content.length), body(content), manifest, archivedEtag);
    return read(served).get(30, TimeUnit.SECONDS);
  }

  private Request request(String call) {
    return requests.stream().filter(r -> call.equals(r.method() + " " + r.path())).findFirst().orElseThrow();
  }

  private List<String> calls() {
    return requests.stream().map(r -> r.method() + " " + r.path()).toList();
  }

  @Test
  void segmentsAreCutAtTheManifestBoundariesAndTheManifestIsWrittenLastInSwiftsStoredFormat() throws Exception {
    byte[] a = bytes(2500, 1); // boundaries fall inside chunks
    byte[] b = bytes(1700, 2);
    String json = manifestJson(a, b);
    answers.put("PUT /v1/AUTH_a/s%C3%A9g", "202 Accepted");
    assertThat(restore(join(a, b), json)).isEqualTo(join(a, b));

    await(() -> requests.size() == 4);
    // The container before any segment (they wait for its answer), the manifest after every
    // segment's answer; the segment PUTs overlap (the next opens when the last byte of one is sent),
    // so the scripted server may finish reading them in either order.
    assertThat(calls()).hasSize(4).startsWith("PUT /v1/AUTH_a/s%C3%A9g").endsWith("PUT /v1/AUTH_a/c/big%20%E2%98%83")
        .contains("PUT /v1/AUTH_a/s%C3%A9g/p%C3%A4rt%201", "PUT /v1/AUTH_a/s%C3%A9g/part2");
    Request first = request("PUT /v1/AUTH_a/s%C3%A9g/p%C3%A4rt%201");
    assertThat(first.body()).isEqualTo(a);
    assertThat(first.head()).contains("ETag: " + md5(a) + "\r\n", "If-None-Match: *\r\n",
        "Content-Length: 2500\r\n", "Content-Type: video/x-segment\r\n");
    Request second = request("PUT /v1/AUTH_a/s%C3%A9g/part2");
    assertThat(second.body()).isEqualTo(b);
    assertThat(second.head()).as("no content_type in the manifest entry")
        .contains("Content-Type: application/octet-stream\r\n");
    Request manifest = requests.get(3);
    assertThat(manifest.body()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    assertThat(manifest.head()).contains("X-Static-Large-Object: True\r\n", "If-None-Match: *\r\n",
        "Content-Type: video/x-test\r\n", "X-Object-Meta-Colour: bl\u00c3\u00bc\r\n",
        "ETag: " + md5(json.getBytes(StandardCharsets.UTF_8)) + "\r\n")
        .doesNotContainIgnoringCase("remote-").doesNotContain("swift_bytes");
  }

  @Test
  void aFailedSegmentPutLeavesNoManifestAndTheClientStillGetsEverything() throws Exception {
    byte[] a = bytes(2500, 3);
    byte[] b = bytes(1700, 4);
    answers.put("PUT /v1/AUTH_a/s%C3%A9g/part2", "503 Service Unavailable");
    assertThat(restore(join(a, b), manifestJson(a, b))).isEqualTo(join(a, b));
    Thread.sleep(500);
    assertThat(calls()).doesNotContain("PUT /v1/AUTH_a/c/big%20%E2%98%83");
  }

  @Test
  void anExistingSegmentWithTheSameEtagAndSizeIsAccepted() throws Exception {
    byte[] a = bytes(2500, 5);
    byte[] b = bytes(1700, 6);
    answers.put("PUT /v1/AUTH_a/s%C3%A9g/p%C3%A4rt%201", "412 Precondition Failed");
    answers.put("HEAD /v1/AUTH_a/s%C3%A9g/p%C3%A4rt%201", "200 OK\r\nEtag: \"" + md5(a) + "\"\r\nContent-Length: 2500");
    assertThat(restore(join(a, b), manifestJson(a, b))).isEqualTo(join(a, b));
    await(() -> calls().contains("PUT /v1/AUTH_a/c/big%20%E2%98%83"));
    assertThat(calls()).contains("HEAD /v1/AUTH_a/s%C3%A9g/p%C3%A4rt%201", "PUT /v1/AUTH_a/c/big%20%E2%98%83");
  }

  @Test
  void anExistingSegmentThatDiffersLeavesNoManifest() throws Exception {
    byte[] a = bytes(2500, 5);
    byte[] b = bytes(1700, 6);
    answers.put("PUT /v1/AUTH_a/s%C3%A9g/p%C3%A4rt%201", "412 Precondition Failed");
    answers.put("HEAD /v1/AUTH_a/s%C3%A9g/p%C3%A4rt%201", "200 OK\r\nEtag: \"" + md5(b) + "\"\r\nContent-Length: 2500");
    assertThat(restore(join(a, b), manifestJson(a, b))).isEqualTo(join(a, b));
    await(() -> calls().contains("HEAD /v1/AUTH_a/s%C3%A9g/p%C3%A4rt%201"));
    Thread.sleep(500);
    assertThat(calls()).doesNotContain("PUT /v1/AUTH_a/c/big%20%E2%98%83");
  }

  @Test
  void aRangedSegmentMissingLocallyAbandonsTheRestoreBeforeAnyPut() throws Exception {
    byte[] a = bytes(2500, 7);
    String json = "[{\"name\":\"/seg/whole\",\"bytes\":2000,\"hash\":\"" + md5(java.util.Arrays.copyOf(a, 2000))
        + "\"},{\"name\":\"/seg/ranged\",\"bytes\":9000,\"hash\":\"abc\",\"range\":\"0-499\"}]";
    assertThat(restore(a, json)).isEqualTo(a);
    Thread.sleep(500);
    assertThat(calls()).containsExactly("PUT /v1/AUTH_a/seg", "HEAD /v1/AUTH_a/seg/ranged");
  }

  @Test
  void aManifestThatDoesNotMatchTheServedLengthIsNotRestored() throws Exception {
    byte[] a = bytes(2500, 8);
    byte[] b = bytes(1700, 9);
    byte[] served = bytes(10, 10);
    Flow.Publisher<ByteBuffer> upstream = body(served);
    byte[] json = manifestJson(a, b).getBytes(StandardCharsets.UTF_8);
    assertThat(restorer().restoringSlo(new SwiftPath("a", "c", "o"), remoteHeaders(10), upstream,
        SloManifest.parse(json), md5(json))).isSameAs(upstream);
  }

  @Test
  void aStaleManifestOfTheSameLengthIsNotRestored() throws Exception {
    byte[] a = bytes(2500, 11);
    byte[] b = bytes(1700, 12);
    byte[] older = bytes(1700, 13); // the object's second segment was rewritten since this manifest
    SloManifest stale = SloManifest.parse(manifestJson(a, older).getBytes(StandardCharsets.UTF_8));
    String archived = md5(manifestJson(a, b).getBytes(StandardCharsets.UTF_8));
    Flow.Publisher<ByteBuffer> upstream = body(join(a, b));

    assertThat(restorer().restoringSlo(new SwiftPath("a", "c", "o"), remoteHeaders(4200), upstream, stale,
        archived)).isSameAs(upstream);
    assertThat(restore(join(a, b), stale, archived)).isEqualTo(join(a, b));
    Thread.sleep(500);
    assertThat(requests).isEmpty();
  }

  @Test
  void swiftsSloEtagAndAMissingSwiftSloEtagAlsoRestore() throws Exception {
    byte[] a = bytes(2500, 14);
    byte[] b = bytes(1700, 15);
    SloManifest manifest = SloManifest.parse(manifestJson(a, b).getBytes(StandardCharsets.UTF_8));
    String sloEtag = md5((md5(a) + md5(b)).getBytes(StandardCharsets.US_ASCII));

    assertThat(restore(join(a, b), manifest, sloEtag.toUpperCase(java.util.Locale.ROOT))).isEqualTo(join(a, b));
    await(() -> calls().contains("PUT /v1/AUTH_a/c/big%20%E2%98%83"));
    assertThat(calls()).as("swift-slo-etag in Swift's SLO etag form").contains("PUT /v1/AUTH_a/c/big%20%E2%98%83");
    requests.clear();
    assertThat(restore(join(a, b), manifest, null)).isEqualTo(join(a, b));
    await(() -> calls().contains("PUT /v1/AUTH_a/c/big%20%E2%98%83"));
    assertThat(calls()).as("no swift-slo-etag: length only").contains("PUT /v1/AUTH_a/c/big%20%E2%98%83");
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
