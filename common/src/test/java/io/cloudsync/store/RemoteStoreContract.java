package io.cloudsync.store;

import static io.cloudsync.store.TestBytes.md5;
import static io.cloudsync.store.TestBytes.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.store.ListedEtags.Lookup;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.store.StoreInspector.Failure;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link RemoteStore} does with plain objects, checked against a real server through
 * the backend's own client ({@link StoreInspector}): integrity-checked uploads, metadata-only
 * updates, deletes, listings, odd and unsyncable names, and how failures are classified.
 * Large objects: {@link RemoteStoreLargeObjectContract}.
 */
public abstract class RemoteStoreContract extends StoreFixture {
  /** Metadata whose values need quoting on most backends. */
  protected static final Map<String, String> ODD_METADATA = Map.of("color", "ünï ☯", "spaced", "a b", "tilde", "~/x");

  @Test
  void uploadStoresTheBodyWithItsEtagMetadataAndContentType() throws Exception {
    byte[] body = random(256 * 1024 + 7, 1);
    ObjectMetadata local = ObjectMetadata.simple(md5(body), "application/x-cloudsync-test", body.length,
        ODD_METADATA);
    SwiftPath path = path("upload/object");
    CountingSource source = new CountingSource(body);

    store.upload(path, local, source);

    System.out.printf("[%s] BodySource opened %d time(s) for one %d-byte upload%n", server(),
        source.opens().get(), body.length);
    assertThat(source.opens()).as("BodySource opens per upload").hasValue(1);
    StoredObject stored = inspector.stat(path);
    assertThat(stored.etag()).isEqualTo(md5(body));
    assertThat(stored.contentType()).isEqualTo("application/x-cloudsync-test");
    assertThat(stored.userMetadata()).containsExactlyInAnyOrderEntriesOf(ODD_METADATA);
    assertThat(inspector.read(path)).isEqualTo(body);

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
        .hasMessageContaining(bucket)
        .hasMessageContaining(inspector.expectedKey(path))
        .message().contains(inspector.messageWords(Failure.BAD_DIGEST));
    assertThat(store.head(path)).isEmpty();
    assertThat(inspector.exists(path)).isFalse();
    assertThat(inspector.keys()).isEmpty();
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

    assertThat(source.opens()).as("the body is not read again").hasValue(1);
    StoredObject stored = inspector.stat(path);
    assertThat(stored.etag()).isEqualTo(md5(body));
    assertThat(stored.contentType()).isEqualTo("application/json");
    assertThat(stored.userMetadata()).containsExactlyInAnyOrderEntriesOf(Map.of("kept", "y z", "new", "ünï ☯"));
    assertThat(inspector.read(path)).isEqualTo(body);
    RemoteObject remote = store.head(path).orElseThrow();
    assertThat(store.isCurrent(changed, remote)).isTrue();
    assertThat(store.hasSameData(changed, remote)).isTrue();
  }

  @Test
  void deleteRemovesTheObjectAndItsManifestCopyAndMissingIsFine() throws Exception {
    SwiftPath path = path("to-delete");
    uploadText(path, "x");
    inspector.manifestKey(path).ifPresent(key -> inspector.putForeign(key, "[]".getBytes(StandardCharsets.UTF_8)));
    assertThat(inspector.keys()).hasSize(inspector.manifestKey(path).isPresent() ? 2 : 1);

    store.delete(path);

    assertThat(store.head(path)).isEmpty();
    assertThat(inspector.keys()).isEmpty();
    store.delete(path);
    store.delete(path("never-existed"));
  }

  @Test
  void zeroByteObject() throws Exception {
    SwiftPath path = path("empty");
    CountingSource source = new CountingSource(new byte[0]);
    ObjectMetadata local = ObjectMetadata.simple("d41d8cd98f00b204e9800998ecf8427e", "text/plain", 0, Map.of());

    store.upload(path, local, source);

    System.out.printf("[%s] BodySource opened %d time(s) for a zero-byte upload%n", server(), source.opens().get());
    assertThat(source.opens().get()).isLessThanOrEqualTo(1);
    RemoteObject remote = store.head(path).orElseThrow();
    assertThat(remote.size()).isZero();
    assertThat(remote.etag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(store.isCurrent(local, remote)).isTrue();
    assertThat(inspector.read(path)).isEmpty();
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
    assertThat(inspector.stat(path).userMetadata()).containsExactlyInAnyOrderEntriesOf(meta);
  }

  @Test
  void listEtagsShowsTheContainersCopiesOnlyAndGivesUpPastMaxKeys() throws Exception {
    String first = uploadText(path("list/ünï one"), "1");
    uploadText(path("list/two?#"), "2");
    uploadText(new SwiftPath(ACCOUNT, CONTAINER + "-other", "list/other"), "3");

    ListedEtags listed = store.listEtags(ACCOUNT, CONTAINER, 10).orElseThrow();

    assertThat(listed.size()).isEqualTo(2);
    assertThat(listed.lookup("list/ünï one", first)).isEqualTo(Lookup.SAME_ETAG);
    assertThat(listed.lookup("list/ünï one", "\"" + first + "\"")).isEqualTo(Lookup.SAME_ETAG);
    assertThat(listed.lookup("list/two?#", first)).isEqualTo(Lookup.OTHER_ETAG);
    assertThat(listed.lookup("list/other", md5("3".getBytes(StandardCharsets.UTF_8)))).isEqualTo(Lookup.ABSENT);
    assertThat(listed.lookup("list/", first)).isEqualTo(Lookup.ABSENT);
    assertThat(store.listEtags(ACCOUNT, CONTAINER, 1)).isEmpty();
    assertThat(store.listEtags(ACCOUNT, CONTAINER + "-none", 10)).hasValueSatisfying(
        none -> assertThat(none.size()).isZero());
  }

  @Test
  void wrongSecretIsAuth() throws Exception {
    try (RemoteStore wrong = open(address(bucket).withSecret("not-the-secret"))) {
      byte[] body = "w".getBytes(StandardCharsets.UTF_8);
      SwiftPath path = path("auth");
      assertThatThrownBy(() -> wrong.upload(path,
          ObjectMetadata.simple(md5(body), "text/plain", 1, Map.of()), new CountingSource(body)))
          .isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.affectsWholeMapping()).isTrue();
          })
          .hasMessageContaining(bucket)
          .hasMessageNotContaining("not-the-secret")
          .message().contains(inspector.messageWords(Failure.WRONG_SECRET));
      assertThatThrownBy(() -> wrong.head(path))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH));
    }
    assertThat(inspector.keys()).isEmpty();
  }

  @Test
  void closedPortIsUnreachable() throws Exception {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    try (RemoteStore nowhere = open(address(bucket).withEndpoint(closed))) {
      assertThatThrownBy(() -> nowhere.head(path("x")))
          .isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
            assertThat(e.affectsWholeMapping()).isTrue();
          })
          .hasMessageContaining(closed.toString())
          .hasMessageContaining(bucket)
          .hasMessageContaining("Connection refused");
    }
  }

  @Test
  void missingBucketIsNoSuchBucket() throws Exception {
    String missing = inspector.missingBucket(bucket);
    try (RemoteStore absent = open(address(missing))) {
      byte[] body = "m".getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> absent.upload(path("x"),
          ObjectMetadata.simple(md5(body), "text/plain", 1, Map.of()), new CountingSource(body)))
          .isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_BUCKET);
            assertThat(e.affectsWholeMapping()).isTrue();
          })
          .hasMessageContaining(missing)
          .message().contains(inspector.messageWords(Failure.MISSING_BUCKET));
      assertThatThrownBy(() -> absent.delete(path("x")))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_BUCKET));
    }
  }

  @Test
  void probeSucceedsOnAnExistingBucketAndFailsForTheWholeMappingOtherwise() throws Exception {
    store.probe();
    String missing = inspector.missingBucket(bucket);
    try (RemoteStore absent = open(address(missing))) {
      assertThatThrownBy(absent::probe)
          .isInstanceOfSatisfying(StoreException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_BUCKET);
            assertThat(e.affectsWholeMapping()).isTrue();
          })
          .hasMessageContaining(missing);
    }
    try (RemoteStore wrong = open(address(bucket).withSecret("not-the-secret"))) {
      assertThatThrownBy(wrong::probe)
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.affectsWholeMapping()).isTrue())
          .hasMessageNotContaining("not-the-secret");
    }
  }

  @Test
  void keyOverTheLimitIsRejectedWithoutReadingTheBody() throws Exception {
    int prefixBytes = inspector.expectedKey(path("")).getBytes(StandardCharsets.UTF_8).length;
    SwiftPath path = path("k".repeat(inspector.maxKeyBytes() - prefixBytes + 1));
    CountingSource source = new CountingSource(new byte[1]);
    assertThatThrownBy(() -> store.upload(path,
        ObjectMetadata.simple(md5(new byte[1]), "text/plain", 1, Map.of()), source))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .message().contains(inspector.messageWords(Failure.KEY_TOO_LONG));
    assertThat(source.opens()).hasValue(0);
    assertThat(inspector.keys()).isEmpty();

    uploadAndCheckExactKey("k".repeat(inspector.maxKeyBytes() - prefixBytes));
  }

  @Test
  void metadataOverTheLimitIsRejected() throws Exception {
    byte[] body = "m".getBytes(StandardCharsets.UTF_8);
    ObjectMetadata big = ObjectMetadata.simple(md5(body), "text/plain", 1, inspector.oversizedMetadata());
    CountingSource source = new CountingSource(body);
    assertThatThrownBy(() -> store.upload(path("big-meta"), big, source))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
        .message().contains(inspector.messageWords(Failure.METADATA_TOO_LARGE));
    assertThat(source.opens()).hasValue(0);
    assertThat(inspector.keys()).isEmpty();
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
    inspector.putForeign(victim, "precious".getBytes(StandardCharsets.UTF_8));
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

    assertThat(source.opens()).hasValue(0);
    assertThat(inspector.keys()).containsExactly(victim);
    assertThat(new String(inspector.read(victim), StandardCharsets.UTF_8)).isEqualTo("precious");
  }

  /** Uploads {@code name}, checks it is the only key, exactly {@link StoreInspector#expectedKey}, then deletes it. */
  protected void uploadAndCheckExactKey(String name) throws Exception {
    SwiftPath path = path(name);
    byte[] body = name.getBytes(StandardCharsets.UTF_8);
    ObjectMetadata local = ObjectMetadata.simple(md5(body), "text/plain", body.length, Map.of());
    store.upload(path, local, new CountingSource(body));
    assertThat(inspector.keys()).containsExactly(inspector.expectedKey(path));
    assertThat(store.head(path)).hasValueSatisfying(remote -> assertThat(store.isCurrent(local, remote)).isTrue());
    assertThat(inspector.read(path)).isEqualTo(body);
    store.delete(path);
    assertThat(inspector.keys()).isEmpty();
  }

  /** Uploads {@code text} as a plain object and returns its MD5. */
  protected String uploadText(SwiftPath path, String text) throws StoreException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    store.upload(path, ObjectMetadata.simple(md5(body), "text/plain", body.length, Map.of()),
        new CountingSource(body));
    return md5(body);
  }
}
