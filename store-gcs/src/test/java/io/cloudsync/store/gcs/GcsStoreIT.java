package io.cloudsync.store.gcs;

import static io.cloudsync.store.TestBytes.md5;
import static io.cloudsync.store.TestBytes.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import io.cloudsync.store.CountingSource;
import io.cloudsync.store.RemoteStoreContract;
import io.cloudsync.store.StoreBackend;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link GcsStore} against fake-gcs-server, signing in with a service-account key through the
 * loopback token endpoint: the backend-neutral {@link RemoteStoreContract}, plus what only the
 * native store does: the S3 layout's literal keys and quoted metadata, a metadata PATCH that keeps
 * the object's generation (no body sent), resumable uploads of large plain objects, custom prefix.
 */
class GcsStoreIT extends RemoteStoreContract {
  @RegisterExtension
  static final GcsServerExtension SERVER = new GcsServerExtension();

  @Override
  protected StoreBackend backend() {
    return SERVER.server();
  }

  private GcsInspector gcs() {
    return (GcsInspector) inspector;
  }

  @Test
  void keysAndMetadataAreTheS3LayoutAndAPatchKeepsTheGeneration() throws Exception {
    byte[] body = random(1000, 2);
    SwiftPath path = path("upload/object");
    store.upload(path, ObjectMetadata.simple(md5(body), "text/plain", body.length, ODD_METADATA),
        new CountingSource(body));

    String key = "756085/AUTH_test/container/upload/object";
    assertThat(inspector.keys()).containsExactly(key);
    assertThat(((GcsStore) store).key(path)).isEqualTo(key);
    assertThat(gcs().rawMetadata(key)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "color", "%C3%BCn%C3%AF%20%E2%98%AF", "spaced", "a%20b", "tilde", "%7E/x"));
    Blob before = gcs().blob(key);

    store.updateMetadata(path, ObjectMetadata.simple(md5(body), "application/json", body.length,
        Map.of("kept", "y z", "new", "ünï ☯")));

    Blob after = gcs().blob(key);
    assertThat(after.getGeneration()).as("a PATCH, not a new upload").isEqualTo(before.getGeneration());
    assertThat(after.getContentType()).isEqualTo("application/json");
    assertThat(gcs().rawMetadata(key)).containsExactlyInAnyOrderEntriesOf(
        Map.of("kept", "y%20z", "new", "%C3%BCn%C3%AF%20%E2%98%AF"));
  }

  @Test
  void aLargePlainObjectGoesResumableWithItsMd5Declared() throws Exception {
    byte[] body = random((int) GcsUploads.RESUMABLE_THRESHOLD + 5, 4);
    SwiftPath path = path("big plain");
    ObjectMetadata local = ObjectMetadata.simple(md5(body), "application/octet-stream", body.length, Map.of());
    CountingSource source = new CountingSource(body);

    store.upload(path, local, source);

    assertThat(source.opens()).hasValue(1);
    assertThat(store.isCurrent(local, store.head(path).orElseThrow())).isTrue();
    assertThat(inspector.read(path)).isEqualTo(body);

    byte[] other = random(body.length, 5);
    SwiftPath wrong = path("big wrong");
    // fake-gcs-server ignores a declared MD5 on chunked resumable uploads: the store's own digest refuses it
    assertThatThrownBy(() -> store.upload(wrong, local, new CountingSource(other)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT))
        .hasMessageContaining("not the declared " + md5(body));
    assertThat(inspector.exists(wrong)).isFalse();
  }

  @Test
  void customPrefixKeys() throws Exception {
    try (GcsStore prefixed = new GcsStore(SERVER.server().settings(address(bucket), "pre/fix", 2))) {
      SwiftPath path = path("obj");
      byte[] body = "p".getBytes(StandardCharsets.UTF_8);
      prefixed.upload(path, ObjectMetadata.simple(md5(body), "text/plain", 1, Map.of()), new CountingSource(body));
      assertThat(inspector.keys()).containsExactly("pre/fix/obj");
      assertThat(prefixed.head(path)).isPresent();
      assertThat(store.head(path)).isEmpty();
    }
  }

  @Test
  void theStoreSignedInThroughTheTokenEndpoint() throws Exception {
    uploadText(path("token"), "t");
    assertThat(SERVER.server().tokens().granted()).isPositive();
  }
}
