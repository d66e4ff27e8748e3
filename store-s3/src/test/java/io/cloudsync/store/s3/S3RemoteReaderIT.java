package io.cloudsync.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.RemoteReader.ListingEntry;
import io.cloudsync.store.RemoteReader.ListingPage;
import io.cloudsync.store.RemoteReader.ListingQuery;
import io.cloudsync.store.RemoteReader.ReadResponse;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.testing.EmbeddedS3;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@link S3RemoteReader} against a real S3 server (S3Proxy), with swift-s3-sync's key layout. */
class S3RemoteReaderIT {
  static EmbeddedS3 s3;
  static String bucket;
  static final String ACCOUNT = "AUTH_test";
  static final String CONTAINER = "archive";

  @BeforeAll
  static void start() {
    s3 = EmbeddedS3.start();
    bucket = "reader-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(bucket);
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  private static S3RemoteReader reader(int connections, String customPrefix) {
    return new S3RemoteReader(new S3StoreSettings(s3.endpoint(), bucket, EmbeddedS3.IDENTITY, EmbeddedS3.SECRET,
        customPrefix, false, connections, false));
  }

  private static void put(String key, byte[] body, Map<String, String> metadata) {
    s3.client().putObject(b -> b.bucket(bucket).key(key).metadata(metadata).contentType("text/x-test"),
        RequestBody.fromBytes(body));
  }

  private static String key(String container, String object) {
    return new S3KeyNaming(ACCOUNT, container, null).objectKey(object);
  }

  private static byte[] readAll(Flow.Publisher<ByteBuffer> body) throws Exception {
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body.subscribe(new Flow.Subscriber<>() {
      Flow.Subscription s;

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        s = subscription;
        s.request(2);
      }

      @Override
      public void onNext(ByteBuffer item) {
        byte[] b = new byte[item.remaining()];
        item.get(b);
        out.write(b, 0, b.length);
        s.request(1);
      }

      @Override
      public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
      }

      @Override
      public void onComplete() {
        done.complete(out.toByteArray());
      }
    });
    return done.get(30, TimeUnit.SECONDS);
  }

  @Test
  void readsPassConditionsAndReturnS3sAnswer() throws Exception {
    byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
    put(key(CONTAINER, "obj"), data, Map.of("color", "bl%C3%A9u"));
    SwiftPath path = new SwiftPath(ACCOUNT, CONTAINER, "obj");
    try (S3RemoteReader reader = reader(4, null)) {
      ReadResponse get = reader.read(path, false, Map.of()).toCompletableFuture().get();
      assertThat(get.status()).isEqualTo(200);
      // Swift terms: metadata unquoted (UTF-8 bytes, one char per byte, as Swift sends them), ETag unquoted
      assertThat(get.header("X-Object-Meta-color")).isEqualTo("bl\u00c3\u00a9u");
      assertThat(get.header("x-amz-meta-color")).isNull();
      assertThat(get.header("Content-Type")).isEqualTo("text/x-test");
      String etag = get.header("Etag");
      assertThat(etag).doesNotContain("\"").hasSize(32);
      assertThat(get.sloEtag()).isNull();
      assertThat(readAll(get.body())).isEqualTo(data);

      ReadResponse range = reader.read(path, false, Map.of("Range", "bytes=3-5")).toCompletableFuture().get();
      assertThat(range.status()).isEqualTo(206);
      assertThat(new String(readAll(range.body()), StandardCharsets.US_ASCII)).isEqualTo("345");

      String bare = etag.replace("\"", "");
      ReadResponse notModified = reader.read(path, false, Map.of("If-None-Match", bare)).toCompletableFuture().get();
      assertThat(notModified.status()).isEqualTo(304);
      ReadResponse failed = reader.read(path, false, Map.of("If-Match", "\"nope\"")).toCompletableFuture().get();
      assertThat(failed.status()).isEqualTo(412);
      assertThat(failed.body()).as("S3 error bodies carry signing details: never handed on").isNull();
      assertThat(failed.header("Content-Length")).isNull();
      assertThat(failed.errorDetail()).contains("PreconditionFailed");

      ReadResponse head = reader.read(path, true, Map.of()).toCompletableFuture().get();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.body()).isNull();
      assertThat(head.header("Content-Length")).isEqualTo("10");

      assertThat(reader.read(new SwiftPath(ACCOUNT, CONTAINER, "missing"), false, Map.of()).toCompletableFuture()
          .get().status()).isEqualTo(404);
      assertThat(reader.read(new SwiftPath(ACCOUNT, CONTAINER, "x".repeat(1100)), true, Map.of())
          .toCompletableFuture().get().status()).as("a key S3 cannot hold").isEqualTo(404);
      assertThat(reader.read(new SwiftPath(ACCOUNT, CONTAINER, "../" + CONTAINER + "/obj"), false, Map.of())
          .toCompletableFuture().get().status()).as("a dot-segment name is never read").isEqualTo(404);
      assertThat(reader.features()).as("a plain-HTTP S3 clone").contains(StoreFeature.DIRECT_GET);
      assertThat(reader.directGet(path, Map.of("Range", "bytes=0-1")).orElseThrow().target())
          .endsWith("/" + key(CONTAINER, "obj"));
      assertThat(reader.directGet(new SwiftPath(ACCOUNT, CONTAINER, "a/../b"), Map.of())).isEmpty();
    }
  }

  @Test
  void aCancelledBodyReleasesItsConnection() throws Exception {
    byte[] data = new byte[6 << 20];
    new Random(1).nextBytes(data);
    put(key(CONTAINER, "big"), data, Map.of());
    SwiftPath path = new SwiftPath(ACCOUNT, CONTAINER, "big");
    try (S3RemoteReader reader = reader(1, null)) {
      for (int i = 0; i < 3; i++) {
        ReadResponse get = reader.read(path, false, Map.of()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        CompletableFuture<Void> first = new CompletableFuture<>();
        get.body().subscribe(new Flow.Subscriber<>() {
          Flow.Subscription s;

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            s = subscription;
            s.request(1);
          }

          @Override
          public void onNext(ByteBuffer item) {
            s.cancel();
            first.complete(null);
          }

          @Override
          public void onError(Throwable throwable) {
            first.completeExceptionally(throwable);
          }

          @Override
          public void onComplete() {}
        });
        first.get(10, TimeUnit.SECONDS);
      }
      // One pooled connection: a read that still held it would wait here for the acquire timeout.
      ReadResponse whole = reader.read(path, false, Map.of()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(readAll(whole.body())).isEqualTo(data);
      ReadResponse discarded = reader.read(path, false, Map.of()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      discarded.discard();
      assertThat(reader.read(path, true, Map.of()).toCompletableFuture().get(10, TimeUnit.SECONDS).status())
          .isEqualTo(200);
    }
  }

  @Test
  void listingsAreInSwiftTermsAcrossPages() throws Exception {
    String container = "list-" + UUID.randomUUID().toString().substring(0, 6);
    List<String> names = List.of("a b", "a+b", "c/1", "c/2", "d\u0001ctl", "z\ud83d\ude00", "\u00e9t\u00e9");
    for (String name : names) {
      put(key(container, name), new byte[] {1}, Map.of());
    }
    put(key(container + "x", "other container"), new byte[] {1}, Map.of());
    try (S3RemoteReader reader = reader(2, null)) {
      List<String> all = new ArrayList<>();
      String marker = "";
      int pages = 0;
      while (true) {
        ListingPage page = reader.list(ACCOUNT, container, new ListingQuery("", null, marker, 2))
            .toCompletableFuture().get();
        pages++;
        page.entries().forEach(e -> all.add(e.name()));
        if (!page.truncated()) {
          break;
        }
        marker = page.nextMarker();
      }
      assertThat(all).containsExactlyElementsOf(names);
      assertThat(pages).isGreaterThanOrEqualTo(4);

      ListingPage rolled = reader.list(ACCOUNT, container, new ListingQuery("", "/", "", 1000)).toCompletableFuture().get();
      assertThat(rolled.entries()).extracting(ListingEntry::key)
          .containsExactly("a b", "a+b", "c/", "d\u0001ctl", "z\ud83d\ude00", "\u00e9t\u00e9");
      assertThat(rolled.entries().get(2).isSubdir()).isTrue();
      ListingEntry first = rolled.entries().get(0);
      assertThat(first.bytes()).isEqualTo(1);
      assertThat(first.hash()).matches("[0-9a-f]{32}");
      assertThat(first.lastModified()).isNotNull();

      ListingPage prefixed = reader.list(ACCOUNT, container, new ListingQuery("c/", null, "c/1", 10)).toCompletableFuture().get();
      assertThat(prefixed.entries()).extracting(ListingEntry::name).containsExactly("c/2");
      assertThat(reader.contentLocation(ACCOUNT, container)).isEqualTo(s3.endpoint() + ";" + bucket + ";"
          + S3KeyNaming.hashPrefix(ACCOUNT, container) + "/" + ACCOUNT + "/" + container + "/");
    }
  }

  @Test
  void aCustomPrefixHidesItsManifestCopies() throws Exception {
    String prefix = "custom-" + UUID.randomUUID().toString().substring(0, 6);
    put(prefix + "/obj", new byte[] {1}, Map.of());
    put(new S3KeyNaming(ACCOUNT, CONTAINER, prefix).manifestKey("obj"), new byte[] {2}, Map.of());
    try (S3RemoteReader reader = reader(2, prefix)) {
      ListingPage page = reader.list(ACCOUNT, CONTAINER, new ListingQuery("", null, "", 1000)).toCompletableFuture().get();
      assertThat(page.entries()).extracting(ListingEntry::name).containsExactly("obj");
    }
  }

  @Test
  void namesCompareByCodePoint() {
    assertThat(RemoteReader.compareNames("\uffef", "\ud83d\ude00")).isNegative();
    assertThat("\uffef".compareTo("\ud83d\ude00")).as("String order differs").isPositive();
    assertThat(RemoteReader.compareNames("ab", "abc")).isNegative();
    assertThat(RemoteReader.compareNames("b", "b")).isZero();
  }
}
