package io.cloudsync.store.s3;

import static io.cloudsync.store.TestBytes.md5;
import static io.cloudsync.store.TestBytes.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.store.BodySource;
import io.cloudsync.store.CountingSource;
import io.cloudsync.store.RemoteStoreContract;
import io.cloudsync.store.StoreBackend;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@link S3Store} against a real S3 server (subclasses name it): the backend-neutral
 * {@link RemoteStoreContract}, plus what only S3 does: swift-s3-sync's hash-prefixed keys and
 * percent-quoted metadata, 1space's custom prefix, and the SDK's retries re-opening the body.
 */
abstract class S3StoreContract extends RemoteStoreContract {

  /** The server. */
  abstract S3Server s3();

  @Override
  protected StoreBackend backend() {
    return s3();
  }

  @Test
  void keysAndMetadataAreLaidOutAsSwiftS3SyncDid() throws Exception {
    byte[] body = random(1000, 2);
    SwiftPath path = path("upload/object");
    store.upload(path, ObjectMetadata.simple(md5(body), "text/plain", body.length, ODD_METADATA),
        new CountingSource(body));

    assertThat(inspector.keys()).containsExactly("756085/AUTH_test/container/upload/object");
    assertThat(((S3Store) store).key(path)).isEqualTo("756085/AUTH_test/container/upload/object");
    HeadObjectResponse head = rawHead(path);
    assertThat(head.eTag()).isEqualTo("\"" + md5(body) + "\"");
    assertThat(lowerKeys(head.metadata())).containsExactlyInAnyOrderEntriesOf(Map.of(
        "color", "%C3%BCn%C3%AF%20%E2%98%AF", "spaced", "a%20b", "tilde", "%7E/x"));

    store.updateMetadata(path, ObjectMetadata.simple(md5(body), "application/json", body.length,
        Map.of("kept", "y z", "new", "ünï ☯")));

    HeadObjectResponse updated = rawHead(path);
    assertThat(updated.eTag()).isEqualTo("\"" + md5(body) + "\"");
    assertThat(lowerKeys(updated.metadata())).containsExactlyInAnyOrderEntriesOf(
        Map.of("kept", "y%20z", "new", "%C3%BCn%C3%AF%20%E2%98%AF"));
  }

  @Test
  void customPrefixKeys() throws Exception {
    try (S3Store prefixed = new S3Store(s3().settings(address(bucket), "/pre/fix/"))) {
      SwiftPath path = path("obj");
      byte[] body = "p".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      prefixed.upload(path, ObjectMetadata.simple(md5(body), "text/plain", 1, Map.of()), new CountingSource(body));
      assertThat(inspector.keys()).containsExactly("pre/fix/obj");
      assertThat(prefixed.head(path)).isPresent();
      assertThat(store.head(path)).isEmpty();
    }
  }

  @Test
  void anSdkRetryReopensTheBody() throws Exception {
    byte[] body = random(64 * 1024, 3);
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
    assertThat(inspector.read(path)).isEqualTo(body);
  }

  private HeadObjectResponse rawHead(SwiftPath path) {
    return s3().plain().headObject(b -> b.bucket(bucket).key(inspector.expectedKey(path)));
  }

  private static Map<String, String> lowerKeys(Map<String, String> metadata) {
    Map<String, String> lower = new TreeMap<>();
    metadata.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return lower;
  }
}
