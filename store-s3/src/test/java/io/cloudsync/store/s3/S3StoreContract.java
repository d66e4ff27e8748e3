package io.cloudsync.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.store.BodySource;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link S3Store} against a real S3 server; subclasses name the server. Every check reads the
 * result back with a plain AWS SDK client, the way a user of the bucket would.
 */
abstract class S3StoreContract {
  static final String ACCOUNT = "AUTH_test";
  static final String CONTAINER = "container";

  String bucket;
  S3Store store;

  /** The server's endpoint. */
  abstract URI endpoint();

  abstract String identity();

  abstract String secret();

  /** A plain SDK client for checking what the server holds. */
  abstract S3Client plain();

  /** A short name for log lines. */
  abstract String server();

  S3StoreSettings settings(String bucketName, String secret, URI endpoint, String customPrefix) {
    return new S3StoreSettings(endpoint, bucketName, identity(), secret, customPrefix, false, 4, false);
  }

  @BeforeEach
  void createBucket() {
    bucket = "cs-s3store-" + UUID.randomUUID().toString().substring(0, 13);
    plain().createBucket(b -> b.bucket(bucket));
    store = new S3Store(settings(bucket, secret(), endpoint(), null));
  }

  @AfterEach
  void removeBucket() {
    store.close();
    for (S3Object object : plain().listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      plain().deleteObject(b -> b.bucket(bucket).key(object.key()));
    }
    try {
      plain().deleteBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      // S3Proxy's in-memory store keeps the empty "directories" of a rejected PUT's key (its
      // listing is empty, yet the bucket counts as not empty); the memory goes with the server.
      if (e.statusCode() != 409) {
        throw e;
      }
    }
  }

  @Test
  void uploadStoresTheBodyWithMd5EtagMetadataAndContentType() throws Exception {
    byte[] body = randomBytes(256 * 1024 + 7);
    ObjectMetadata local = ObjectMetadata.simple(md5(body), "application/x-cloudsync-test",
        body.length, Map.of("color", "ünï ☯", "spaced", "a b", "tilde", "~/x"));
    SwiftPath path = path("upload/object");
    CountingSource source = new CountingSource(body);

    store.upload(path, local, source);

    System.out.printf("[%s] BodySource opened %d time(s) for one %d-byte upload%n", server(),
        source.opens.get(), body.length);
    assertThat(source.opens).as("BodySource opens per upload").hasValue(1);
    HeadObjectResponse head = plain().headObject(b -> b.bucket(bucket).key("756085/AUTH_test/container/upload/object"));
    assertThat(head.eTag()).isEqualTo("\"" + md5(body) + "\"");
    assertThat(head.contentType()).isEqualTo("application/x-cloudsync-test");
    assertThat(lowerKeys(head.metadata())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "color", "%C3%BCn%C3%AF%20%E2%98%AF", "spaced", "a%20b", "tilde", "%7E/x"));
    assertThat(plain().getObjectAsBytes(b -> b.bucket(bucket).key(store.key(path))).asByteArray())
        .isEqualTo(body);

    RemoteObject remote = store.head(path).orElseThrow();
    assertThat(remote.etag()).isEqualTo(md5(body));
    assertThat(remote.size()).isEqualTo(body.length);
    assertThat(remote.userMetadata()).isEqualTo(new TreeMap<>(local.userMetadata()));
    assertThat(remote.lastModified()).isNotNull();
    assertThat(store.isCurrent(local, remote)).isTrue();
  }

  @Test
  void bodyThatDiffersFromTheDeclaredMd5IsRejectedAndNothingIsStored() throws Exception {
    byte[] declared = "hello world".getBytes(StandardCharsets.UTF_8);
    byte[] actual = "HELLO WORLD".getBytes(StandardCharsets.UTF_8);
    ObjectMetadata local = ObjectMetadata.simple(md5(declared), "text/plain", declared.length, Map.of());
    SwiftPath path = path("changed-while-read");

    assertThatThrownBy(() -> store.upload(path, local, new CountingSource(actual)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT))
        .hasMessageContaining("BadDigest")
        .hasMessageContaining(bucket)
        .hasMessageContaining(store.key(path));
    assertThat(store.head(path)).isEmpty();
    assertThatThrownBy(() -> plain().headObject(b -> b.bucket(bucket).key(store.key(path))))
        .isInstanceOf(NoSuchKeyException.class);
    assertThat(keys()).isEmpty();
  }

  @Test
  void updateMetadataReplacesMetadataAndContentTypeWithoutSendingTheBody() throws Exception {
    byte[] body = "some content".getBytes(StandardCharsets.UTF_8);
    SwiftPath path = path("meta");
    CountingSource source = new CountingSource(body);
    store.upload(path, ObjectMetadata.simple(md5(body), "text/plain", body.length,
        Map.of("old", "1", "kept", "x")), source);
    ObjectMetadata changed = ObjectMetadata.simple(md5(body), "application/json", body.length,
        Map.of("kept", "y z", "new", "ünï ☯"));
    assertThat(store.isCurrent(changed, store.head(path).orElseThrow())).isFalse();

    store.updateMetadata(path, changed);

    assertThat(source.opens).as("the body is not read again").hasValue(1);
    HeadObjectResponse head = plain().headObject(b -> b.bucket(bucket).key(store.key(path)));
    assertThat(head.eTag()).isEqualTo("\"" + md5(body) + "\"");
    assertThat(head.contentType()).isEqualTo("application/json");
    assertThat(lowerKeys(head.metadata())).containsExactlyInAnyOrderEntriesOf(
        Map.of("kept", "y%20z", "new", "%C3%BCn%C3%AF%20%E2%98%AF"));
    assertThat(plain().getObjectAsBytes(b -> b.bucket(bucket).key(store.key(path))).asByteArray())
        .isEqualTo(body);
    RemoteObject remote = store.head(path).orElseThrow();
    assertThat(store.isCurrent(changed, remote)).isTrue();
    assertThat(store.hasSameData(changed, remote)).isTrue();
  }

  @Test
  void deleteRemovesTheObjectAndItsManifestCopyAndMissingIsFine() throws Exception {
    SwiftPath path = path("to-delete");
    byte[] body = "x".getBytes(StandardCharsets.UTF_8);
    store.upload(path, ObjectMetadata.simple(md5(body), "text/plain", 1, Map.of()), new CountingSource(body));
    String manifestKey = store.naming(path).manifestKey(path.object());
    plain().putObject(b -> b.bucket(bucket).key(manifestKey),
        software.amazon.awssdk.core.sync.RequestBody.fromString("[]"));

    store.delete(path);

    assertThat(store.head(path)).isEmpty();
    assertThat(keys()).doesNotContain(store.key(path), manifestKey);
    store.delete(path);
    store.delete(path("never-existed"));
  }

  @Test
  void zeroByteObject() throws Exception {
    SwiftPath path = path("empty");
    CountingSource source = new CountingSource(new byte[0]);
    ObjectMetadata local = ObjectMetadata.simple("d41d8cd98f00b204e9800998ecf8427e", "text/plain", 0, Map.of());

    store.upload(path, local, source);

    System.out.printf("[%s] BodySource opened %d time(s) for a zero-byte upload%n", server(), source.opens.get());
    assertThat(source.opens.get()).isLessThanOrEqualTo(1);
    RemoteObject remote = store.head(path).orElseThrow();
    assertThat(remote.size()).isZero();
    assertThat(remote.etag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(store.isCurrent(local, remote)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ünï ☯/ob ject", "with space", "100%", "%2F%zz", "a+b", "what?x=1&y", "hash#tag",
      "~tilde", "semi;colon:equals=", "tab\there"})
  void unusualNamesAreStoredUnderTheExactKey(String name) throws Exception {
    uploadAndCheckExactKey(name);
  }

  @Test
  void unicodeMetadataValuesRoundTrip() throws Exception {
    SwiftPath path = path("ünï-meta");
    byte[] body = "u".getBytes(StandardCharsets.UTF_8);
    Map<String, String> meta = Map.of("a", "a b", "b", "ünï ☯", "c", "100%", "d", "x+y=z&%41", "e", "😀");
    ObjectMetadata local = ObjectMetadata.simple(md5(body), "text/plain", 1, meta);
    store.upload(path, local, new CountingSource(body));
    RemoteObject remote = store.head(path).orElseThrow();
    assertThat(remote.userMetadata()).isEqualTo(new TreeMap<>(meta));
    assertThat(store.isCurrent(local, remote)).isTrue();
  }

  @Test
  void customPrefixKeys() throws Exception {
    try (S3Store prefixed = new S3Store(settings(bucket, secret(), endpoint(), "/pre/fix/"))) {
      SwiftPath path = path("obj");
      byte[] body = "p".getBytes(StandardCharsets.UTF_8);
      prefixed.upload(path, ObjectMetadata.simple(md5(body), "text/plain", 1, Map.of()), new CountingSource(body));
      assertThat(keys()).containsExactly("pre/fix/obj");
      assertThat(prefixed.head(path)).isPresent();
      assertThat(store.head(path)).isEmpty();
    }
  }

  @Test
  void anSdkRetryReopensTheBody() throws Exception {
    byte[] body = randomBytes(64 * 1024);
    AtomicInteger opens = new AtomicInteger();
    BodySource failsFirst = () -> {
      InputStream data = new ByteArrayInputStream(body);
      if (opens.incrementAndGet() > 1) {
        return data;
      }
      return new InputStream() {
        int served;

        @Override
        public int read() throws IOException {
          if (++served > 1000) {
            throw new IOException("local GET broke off");
          }
          return data.read();
        }
      };
    };
    SwiftPath path = path("retried");
    ObjectMetadata local = ObjectMetadata.simple(md5(body), "text/plain", body.length, Map.of());

    store.upload(path, local, failsFirst);

    assertThat(opens).hasValue(2);
    assertThat(store.isCurrent(local, store.head(path).orElseThrow())).isTrue();
  }

  @Test
  void wrongSecretIsAuth() throws Exception {
    try (S3Store wrong = new S3Store(settings(bucket, "not-the-secret", endpoint(), null))) {
      byte[] body = "w".getBytes(StandardCharsets.UTF_8);
      SwiftPath path = path("auth");
      assertThatThrownBy(() -> wrong.upload(path,
          ObjectMetadata.simple(md5(body), "text/plain", 1, Map.of()), new CountingSource(body)))
          .isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.affectsWholeMapping()).isTrue();
          })
          .hasMessageContaining(bucket)
          .hasMessageContaining("403")
          .hasMessageContaining("SignatureDoesNotMatch")
          .hasMessageNotContaining("not-the-secret");
      assertThatThrownBy(() -> wrong.head(path))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH));
    }
  }

  @Test
  void closedPortIsUnreachable() throws Exception {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    try (S3Store nowhere = new S3Store(settings(bucket, secret(), closed, null))) {
      assertThatThrownBy(() -> nowhere.head(path("x")))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
          .hasMessageContaining(closed.toString())
          .hasMessageContaining(bucket)
          .hasMessageContaining("Connection refused");
    }
  }

  @Test
  void missingBucketIsNoSuchBucket() throws Exception {
    String missing = bucket + "-missing";
    try (S3Store absent = new S3Store(settings(missing, secret(), endpoint(), null))) {
      byte[] body = "m".getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> absent.upload(path("x"),
          ObjectMetadata.simple(md5(body), "text/plain", 1, Map.of()), new CountingSource(body)))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_BUCKET))
          .hasMessageContaining(missing)
          .hasMessageContaining("NoSuchBucket");
      assertThatThrownBy(() -> absent.delete(path("x")))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_BUCKET));
    }
  }

  @Test
  void probeSucceedsOnAnExistingBucketAndFailsForTheWholeMappingOtherwise() throws Exception {
    store.probe();
    try (S3Store absent = new S3Store(settings(bucket + "-missing", secret(), endpoint(), null))) {
      assertThatThrownBy(absent::probe)
          .isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_BUCKET);
            assertThat(e.affectsWholeMapping()).isTrue();
          })
          .hasMessageContaining(bucket + "-missing");
    }
    try (S3Store wrong = new S3Store(settings(bucket, "not-the-secret", endpoint(), null))) {
      assertThatThrownBy(wrong::probe)
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.affectsWholeMapping()).isTrue());
    }
  }

  @Test
  void keyOverTheLimitIsRejectedWithoutReadingTheBody() throws Exception {
    SwiftPath path = path("k".repeat(1024 - "756085/AUTH_test/container/".length() + 1));
    CountingSource source = new CountingSource(new byte[1]);
    assertThatThrownBy(() -> store.upload(path,
        ObjectMetadata.simple(md5(new byte[1]), "text/plain", 1, Map.of()), source))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .hasMessageContaining("1025 UTF-8 bytes");
    assertThat(source.opens).hasValue(0);
    assertThat(keys()).isEmpty();

    SwiftPath longest = path("k".repeat(1024 - "756085/AUTH_test/container/".length()));
    uploadAndCheckExactKey(longest.object());
  }

  @Test
  void metadataOverTheLimitIsRejected() throws Exception {
    byte[] body = "m".getBytes(StandardCharsets.UTF_8);
    ObjectMetadata big = ObjectMetadata.simple(md5(body), "text/plain", 1, Map.of("big", "☯".repeat(230)));
    assertThatThrownBy(() -> store.upload(path("big-meta"), big, new CountingSource(body)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .hasMessageContaining("2073 bytes");
    assertThat(keys()).isEmpty();
  }

  /**
   * A name with a dot segment would address another container's or account's key on a server that
   * resolves them (S3Proxy does): it is refused before any request, and a key it would have
   * resolved to is neither overwritten nor deleted.
   */
  @ParameterizedTest
  @ValueSource(strings = {"../../../victim/AUTH_other/c/o", "./c", "d/./e", ".", "..", "x/..", "a/../b"})
  void dotSegmentNamesAreRefusedAndTouchNoKey(String name) throws Exception {
    String victim = "victim/AUTH_other/c/o";
    plain().putObject(b -> b.bucket(bucket).key(victim), RequestBody.fromString("precious"));
    CountingSource source = new CountingSource(name.getBytes(StandardCharsets.UTF_8));
    ObjectMetadata local = ObjectMetadata.simple(md5(name.getBytes(StandardCharsets.UTF_8)), "text/plain",
        name.length(), Map.of());

    assertThatThrownBy(() -> store.upload(path(name), local, source))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .hasMessageContaining("'.' or '..'");
    assertThatThrownBy(() -> store.head(path(name)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED));
    assertThatThrownBy(() -> store.delete(path(name)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED));
    assertThatThrownBy(() -> store.updateMetadata(path(name), local))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED));

    assertThat(source.opens).hasValue(0);
    assertThat(keys()).containsExactly(victim);
    assertThat(plain().getObjectAsBytes(b -> b.bucket(bucket).key(victim)).asUtf8String()).isEqualTo("precious");
  }

  void uploadAndCheckExactKey(String name) throws Exception {
    SwiftPath path = path(name);
    byte[] body = name.getBytes(StandardCharsets.UTF_8);
    ObjectMetadata local = ObjectMetadata.simple(md5(body), "text/plain", body.length, Map.of());
    store.upload(path, local, new CountingSource(body));
    assertThat(keys()).containsExactly("756085/AUTH_test/container/" + name);
    Optional<RemoteObject> remote = store.head(path);
    assertThat(remote).isPresent();
    assertThat(store.isCurrent(local, remote.get())).isTrue();
    assertThat(plain().getObjectAsBytes(b -> b.bucket(bucket).key(store.key(path))).asByteArray())
        .isEqualTo(body);
    store.delete(path);
    assertThat(keys()).isEmpty();
  }

  List<String> keys() {
    return plain().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key).toList();
  }

  static SwiftPath path(String object) {
    return new SwiftPath(ACCOUNT, CONTAINER, object);
  }

  static Map<String, String> lowerKeys(Map<String, String> metadata) {
    Map<String, String> lower = new TreeMap<>();
    metadata.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return lower;
  }

  static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  static String md5(byte[] body) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
  }

  /** A body source that counts how often it is opened. */
  static final class CountingSource implements BodySource {
    final AtomicInteger opens = new AtomicInteger();
    private final byte[] body;

    CountingSource(byte[] body) {
      this.body = body;
    }

    @Override
    public InputStream open() {
      opens.incrementAndGet();
      return new ByteArrayInputStream(body);
    }
  }
}
