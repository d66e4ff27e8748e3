package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.swift.SwiftPath;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The restore tee against a scripted internal proxy (a plain socket server). */
class RestorerTest {
  private EventLoopGroup group;
  private ExecutorService threads;
  private ServerSocket server;

  @BeforeEach
  void setUp() throws IOException {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    threads = Executors.newCachedThreadPool();
    server = new ServerSocket(0);
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
    threads.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private Restorer restorer(Duration stall) {
    return new Restorer(URI.create("http://127.0.0.1:" + server.getLocalPort()), group,
        ArchiveSettings.defaults().withRestoreStall(stall));
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }

  private static String md5(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
  }

  private static HttpHeaders remoteHeaders(byte[] data) throws Exception {
    return new DefaultHttpHeaders()
        .add("Content-Length", data.length)
        .add("Content-Type", "application/x-test")
        .add("Etag", md5(data))
        .add("X-Object-Meta-Color", "bl\u00c3\u00a9u")
        .add("Remote-x-amz-request-id", "req")
        .add("Last-Modified", "Sun, 22 Nov 2026 02:00:00 GMT");
  }

  /** What the scripted internal proxy received. */
  record Received(String head, byte[] body, boolean complete) {}

  /** Accepts one PUT; reads {@code readLimit} body bytes at most, then answers (201) only if it got them all. */
  private CompletableFuture<Received> internalProxy(long readLimit, int pauseMillis) {
    return CompletableFuture.supplyAsync(() -> {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) {
            return new Received(head.toString(StandardCharsets.ISO_8859_1), new byte[0], false);
          }
          head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (text.toLowerCase().contains("\r\nexpect: 100-continue\r\n")) {
          s.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        long length = Long.parseLong(text.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
            .findFirst().orElseThrow().substring(15).strip());
        if (pauseMillis > 0) {
          Thread.sleep(pauseMillis);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (body.size() < Math.min(length, readLimit)) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, Math.min(length, readLimit) - body.size()));
          if (n < 0) {
            break;
          }
          body.write(buf, 0, n);
        }
        boolean complete = body.size() == length;
        if (complete) {
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } else {
          // stop reading for a while (a stalled local Swift), then see what else arrives before the client gives up
          Thread.sleep(4_000);
          try {
            for (int n; (n = in.read(buf)) >= 0; ) {
              body.write(buf, 0, n);
            }
          } catch (java.net.SocketException reset) {
            // the client cut the connection
          }
          complete = false;
        }
        return new Received(text, body.toByteArray(), complete);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, threads);
  }

  /** Emits {@code data} in 64 KiB chunks on another thread, honouring demand; optionally fails half-way. */
  private Flow.Publisher<ByteBuffer> remoteBody(byte[] data, boolean failHalfway) {
    return subscriber -> {
      AtomicLong demand = new AtomicLong();
      AtomicBoolean cancelled = new AtomicBoolean();
      int[] offset = {0};
      Object lock = new Object();
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {
          demand.addAndGet(n);
          threads.execute(() -> {
            synchronized (lock) {
              while (demand.get() > 0 && !cancelled.get() && offset[0] < data.length) {
                if (failHalfway && offset[0] >= data.length / 2) {
                  cancelled.set(true);
                  subscriber.onError(new IOException("connection reset by the archive"));
                  return;
                }
                int n2 = Math.min(65536, data.length - offset[0]);
                demand.decrementAndGet();
                ByteBuffer chunk = ByteBuffer.wrap(data, offset[0], n2);
                offset[0] += n2;
                subscriber.onNext(chunk);
              }
              if (offset[0] >= data.length && !cancelled.getAndSet(true)) {
                subscriber.onComplete();
              }
            }
          });
        }

        @Override
        public void cancel() {
          cancelled.set(true);
        }
      });
    };
  }

  /** Reads the body like the shunt's client writer: four chunks in flight. */
  private static CompletableFuture<byte[]> client(Flow.Publisher<ByteBuffer> body) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    body.subscribe(new Flow.Subscriber<>() {
      Flow.Subscription s;

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        s = subscription;
        s.request(4);
      }

      @Override
      public void onNext(ByteBuffer item) {
        byte[] copy = new byte[item.remaining()];
        item.get(copy);
        synchronized (received) {
          received.write(copy, 0, copy.length);
        }
        s.request(1);
      }

      @Override
      public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {
        result.complete(received.toByteArray());
      }
    });
    return result;
  }

  @Test
  void theClientGetsTheBodyAndLocalSwiftGetsTheSameBytesWithSwiftHeaders() throws Exception {
    byte[] data = random(5 * 1024 * 1024 + 3);
    CompletableFuture<Received> proxy = internalProxy(Long.MAX_VALUE, 0);
    Flow.Publisher<ByteBuffer> body = restorer(Duration.ofSeconds(5))
        .restoring(new SwiftPath("AUTH_a", "c", "d\u00eer/o b"), remoteHeaders(data), remoteBody(data, false));
    assertThat(client(body).get(30, TimeUnit.SECONDS)).isEqualTo(data);
    Received got = proxy.get(30, TimeUnit.SECONDS);
    assertThat(got.complete()).isTrue();
    assertThat(got.body()).isEqualTo(data);
    assertThat(got.head()).startsWith("PUT /v1/AUTH_a/c/d%C3%AEr/o%20b HTTP/1.1\r\n")
        .contains("Content-Length: " + data.length + "\r\n", "ETag: " + md5(data) + "\r\n",
            "Content-Type: application/x-test\r\n", "X-Object-Meta-Color: bl\u00c3\u00a9u\r\n", "If-None-Match: *\r\n")
        .doesNotContainIgnoringCase("remote-").doesNotContainIgnoringCase("x-timestamp")
        .doesNotContainIgnoringCase("last-modified");
  }

  /**
   * Reads like a client that closes its connection once it has {@code closeAt} bytes: cancels
   * right then, before the body's end is signalled.
   */
  private static CompletableFuture<byte[]> clientClosingAt(Flow.Publisher<ByteBuffer> body, long closeAt) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    body.subscribe(new Flow.Subscriber<>() {
      Flow.Subscription s;

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        s = subscription;
        if (closeAt == 0) {
          s.cancel();
          result.complete(new byte[0]);
          return;
        }
        s.request(4);
      }

      @Override
      public void onNext(ByteBuffer item) {
        byte[] copy = new byte[item.remaining()];
        item.get(copy);
        received.write(copy, 0, copy.length);
        if (received.size() >= closeAt) {
          s.cancel();
          result.complete(received.toByteArray());
        } else {
          s.request(1);
        }
      }

      @Override
      public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {
        result.complete(received.toByteArray());
      }
    });
    return result;
  }

  @Test
  void aClientThatLeavesAfterTheLastByteStillGetsTheObjectRestored() throws Exception {
    for (int size : new int[] {0, 1, 3 * 65536 + 5}) {
      byte[] data = random(size);
      CompletableFuture<Received> proxy = internalProxy(Long.MAX_VALUE, 0);
      Flow.Publisher<ByteBuffer> body = restorer(Duration.ofSeconds(5))
          .restoring(new SwiftPath("a", "c", "o" + size), remoteHeaders(data), remoteBody(data, false));
      assertThat(clientClosingAt(body, size).get(30, TimeUnit.SECONDS)).isEqualTo(data);
      Received got = proxy.get(30, TimeUnit.SECONDS);
      assertThat(got.complete()).as("%d bytes", size).isTrue();
      assertThat(got.body()).isEqualTo(data);
    }
  }

  @Test
  void aClientThatLeavesEarlyAbandonsTheRestore() throws Exception {
    byte[] data = random(8 * 65536);
    CompletableFuture<Received> proxy = internalProxy(Long.MAX_VALUE, 0);
    Flow.Publisher<ByteBuffer> body = restorer(Duration.ofSeconds(5))
        .restoring(new SwiftPath("a", "c", "left"), remoteHeaders(data), remoteBody(data, false));
    assertThat(clientClosingAt(body, 2 * 65536).get(30, TimeUnit.SECONDS)).hasSize(2 * 65536);
    Received got = proxy.get(30, TimeUnit.SECONDS);
    assertThat(got.complete()).isFalse();
    assertThat(got.body().length).isLessThan(data.length);
  }

  @Test
  void aStalledRestoreIsAbandonedAndTheClientReadContinues() throws Exception {
    byte[] data = random(24 * 1024 * 1024);
    CompletableFuture<Received> proxy = internalProxy(0, 0); // reads the head, then nothing
    Flow.Publisher<ByteBuffer> body = restorer(Duration.ofSeconds(1))
        .restoring(new SwiftPath("a", "c", "stall"), remoteHeaders(data), remoteBody(data, false));
    long t0 = System.nanoTime();
    assertThat(client(body).get(30, TimeUnit.SECONDS)).isEqualTo(data);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    Received got = proxy.get(30, TimeUnit.SECONDS);
    assertThat(got.complete()).isFalse();
    assertThat(got.body().length).as("the restore was cut short").isLessThan(data.length);
  }

  @Test
  void aRemoteFailureCutsTheRestoreSoNoPartialObjectIsStored() throws Exception {
    byte[] data = random(2 * 1024 * 1024);
    CompletableFuture<Received> proxy = internalProxy(Long.MAX_VALUE, 0);
    Flow.Publisher<ByteBuffer> body = restorer(Duration.ofSeconds(5))
        .restoring(new SwiftPath("a", "c", "cut"), remoteHeaders(data), remoteBody(data, true));
    CompletableFuture<byte[]> read = client(body);
    assertThat(read).failsWithin(Duration.ofSeconds(30));
    Received got = proxy.get(30, TimeUnit.SECONDS);
    assertThat(got.complete()).isFalse();
    assertThat(got.body().length).isLessThan(data.length);
  }

  @Test
  void largeObjectsAndUnknownLengthsAreServedWithoutRestore() throws Exception {
    byte[] data = random(1000);
    Restorer restorer = restorer(Duration.ofSeconds(5));
    Flow.Publisher<ByteBuffer> upstream = remoteBody(data, false);
    HttpHeaders slo = remoteHeaders(data).add("X-Static-Large-Object", "True");
    assertThat(restorer.restoring(new SwiftPath("a", "c", "slo"), slo, upstream)).isSameAs(upstream);
    HttpHeaders noLength = remoteHeaders(data);
    noLength.remove("Content-Length");
    assertThat(restorer.restoring(new SwiftPath("a", "c", "n"), noLength, upstream)).isSameAs(upstream);
  }

  @Test
  void onlyAWholeObjectCountsAsComplete() {
    assertThat(RemoteArchiveReader.complete(200, new DefaultHttpHeaders())).isTrue();
    assertThat(RemoteArchiveReader.complete(206, new DefaultHttpHeaders().add("Content-Range", "bytes 0-9/10"))).isTrue();
    assertThat(RemoteArchiveReader.complete(206, new DefaultHttpHeaders().add("Content-Range", "bytes 0-8/10"))).isFalse();
    assertThat(RemoteArchiveReader.complete(206, new DefaultHttpHeaders().add("Content-Range", "bytes 1-9/10"))).isFalse();
    assertThat(RemoteArchiveReader.complete(206, new DefaultHttpHeaders())).isFalse();
    assertThat(RemoteArchiveReader.complete(304, new DefaultHttpHeaders())).isFalse();
  }
}
