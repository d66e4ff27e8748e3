package io.cloudsync.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What S3Store decides without talking to a server (the endpoint is never contacted). */
class S3StoreTest {
  private static final String MD5 = "5d41402abc4b2a76b9719d911017c592"; // "hello"
  private static final SwiftPath PATH = new SwiftPath("AUTH_test", "container", "obj");

  private final S3Store store = new S3Store(new S3StoreSettings(URI.create("http://127.0.0.1:9"),
      "bucket", "id", "top-secret", null, false, 4, false));

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void keyUsesUpstreamNaming() {
    assertThat(store.key(PATH)).isEqualTo("756085/AUTH_test/container/obj");
  }

  @Test
  void describeAndToStringNeverShowTheSecret() {
    assertThat(store.describe()).isEqualTo("s3 bucket 'bucket' at http://127.0.0.1:9");
    assertThat(store.toString()).doesNotContain("top-secret");
    assertThat(new S3StoreSettings(null, "b", "id", "top-secret", "p", true, 1, false).toString())
        .doesNotContain("top-secret").contains("****");
  }

  @Test
  void overlongKeyIsRejectedBeforeSending() {
    AtomicInteger opens = new AtomicInteger();
    SwiftPath longName = new SwiftPath("AUTH_test", "container", "ü".repeat(500));
    ObjectMetadata metadata = ObjectMetadata.simple(MD5, "text/plain", 5, Map.of());
    assertThatThrownBy(() -> store.upload(longName, metadata, () -> {
      opens.incrementAndGet();
      return new ByteArrayInputStream("hello".getBytes());
    }))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .hasMessageContaining("1027 UTF-8 bytes").hasMessageContaining("1024");
    assertThat(opens).hasValue(0);
    assertThatThrownBy(() -> store.head(longName))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED));
  }

  @Test
  void deletingAnOverlongNameIsANoOp() throws StoreException {
    // The endpoint is a closed port: any request would fail with UNREACHABLE.
    store.delete(new SwiftPath("AUTH_test", "container", "k".repeat(1000)));
  }

  @Test
  void oversizedMetadataIsRejectedBeforeSending() {
    ObjectMetadata metadata = ObjectMetadata.simple(MD5, "text/plain", 5, Map.of("big", "ü".repeat(400)));
    assertThatThrownBy(() -> store.updateMetadata(PATH, metadata))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .hasMessageContaining("2403 bytes").hasMessageContaining("2048");
  }

  @Test
  void etagThatIsNotAnMd5IsRejected() {
    ObjectMetadata metadata = ObjectMetadata.simple("abc-2", "text/plain", 5, Map.of());
    assertThatThrownBy(() -> store.upload(PATH, metadata, () -> new ByteArrayInputStream(new byte[5])))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .hasMessageContaining("not an MD5");
  }

  @Test
  void largeObjectsAreNotUploadedAsOneBody() {
    ObjectMetadata slo = new ObjectMetadata(MD5, "text/plain", 5, new TreeMap<>(), true, null, null);
    assertThatThrownBy(() -> store.upload(PATH, slo, () -> new ByteArrayInputStream(new byte[5])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uploadLargeObject");
    ObjectMetadata dlo = new ObjectMetadata(MD5, "text/plain", 5, new TreeMap<>(), false, "segs/obj/", null);
    assertThatThrownBy(() -> store.upload(PATH, dlo, () -> new ByteArrayInputStream(new byte[5])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uploadLargeObject");
  }

  @Test
  void dloDataIsComparedThroughTheRecordedDloEtag() {
    ObjectMetadata dlo = new ObjectMetadata(MD5, "text/plain", 5, new TreeMap<>(), false, "segs/obj/", null);
    TreeMap<String, String> meta = new TreeMap<>(Map.of("x-object-manifest", "segs/obj/"));
    RemoteObject uploaded = new RemoteObject("0123456789abcdef0123456789abcdef-2", "text/plain", 5, meta, null,
        false, null, MD5);
    assertThat(store.hasSameData(dlo, uploaded)).isTrue();
    assertThat(store.isCurrent(dlo, uploaded)).isTrue();
    RemoteObject upstreamEmptyBody = new RemoteObject(MD5, "text/plain", 0, meta, null, false, null);
    assertThat(store.hasSameData(dlo, upstreamEmptyBody)).as("upstream's empty DLO copies are re-uploaded")
        .isFalse();
  }

  @Test
  void currentMeansSameEtagMetadataAndContentType() {
    ObjectMetadata local = ObjectMetadata.simple(MD5, "text/plain", 5, Map.of("a", "a b"));
    RemoteObject same = remote("\"" + MD5.toUpperCase() + "\"", "text/plain", Map.of("a", "a b"));
    assertThat(store.isCurrent(local, same)).isTrue();
    assertThat(store.hasSameData(local, same)).isTrue();

    RemoteObject otherMeta = remote(MD5, "text/plain", Map.of("a", "a%20b"));
    assertThat(store.isCurrent(local, otherMeta)).isFalse();
    assertThat(store.hasSameData(local, otherMeta)).isTrue();

    RemoteObject otherType = remote(MD5, "text/html", Map.of("a", "a b"));
    assertThat(store.isCurrent(local, otherType)).isFalse();

    RemoteObject otherData = remote("0" + MD5.substring(1), "text/plain", Map.of("a", "a b"));
    assertThat(store.isCurrent(local, otherData)).isFalse();
    assertThat(store.hasSameData(local, otherData)).isFalse();
  }

  @Test
  void sloDataIsComparedThroughTheRecordedManifestEtag() {
    ObjectMetadata slo = new ObjectMetadata(MD5, "text/plain", 5, new TreeMap<>(), true, null, null);
    RemoteObject uploaded = new RemoteObject("ce7989f0e2f1f3e4fdd2a01dda0844ae-2", "text/plain", 5,
        new TreeMap<>(), MD5, true, null);
    assertThat(store.hasSameData(slo, uploaded)).isTrue();
    assertThat(store.isCurrent(slo, uploaded)).isTrue();
    RemoteObject withoutRecord = new RemoteObject("ce7989f0e2f1f3e4fdd2a01dda0844ae-2", "text/plain",
        5, new TreeMap<>(), null, true, null);
    assertThat(store.hasSameData(slo, withoutRecord)).isFalse();
  }

  private static RemoteObject remote(String etag, String contentType, Map<String, String> meta) {
    return new RemoteObject(etag, contentType, 5, new TreeMap<>(meta), null, false, null);
  }
}
