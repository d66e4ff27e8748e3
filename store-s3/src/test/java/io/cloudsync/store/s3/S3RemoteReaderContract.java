package io.cloudsync.store.s3;

import static io.cloudsync.store.Bodies.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.DirectGet;
import io.cloudsync.store.ReaderBackend;
import io.cloudsync.store.RemoteReader.ListingEntry;
import io.cloudsync.store.RemoteReader.ListingPage;
import io.cloudsync.store.RemoteReader.ListingQuery;
import io.cloudsync.store.RemoteReader.ReadResponse;
import io.cloudsync.store.RemoteReaderContract;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.swift.SwiftPath;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link S3RemoteReader} against a real S3 server (subclasses name it): the backend-neutral
 * {@link RemoteReaderContract}, plus what only S3 does: swift-s3-sync's literal keys and
 * percent-quoted metadata, S3's key length limit, upstream's {@code content_location}, 1space's
 * custom prefix, direct GETs signed for plain-HTTP S3 clones, and the GCS profile's listings
 * without {@code encoding-type}.
 */
abstract class S3RemoteReaderContract extends RemoteReaderContract {

  /** The server. */
  abstract S3Server s3();

  @Override
  protected ReaderBackend backend() {
    return s3();
  }

  private S3Seeder s3Seeder() {
    return (S3Seeder) seeder;
  }

  @Test
  void anObjectArchivedBySwiftS3SyncIsReadInSwiftTerms() throws Exception {
    s3Seeder().putRaw("756085/AUTH_test/container/obj", DATA, "text/x-test", Map.of("color", "bl%C3%A9u"));

    ReadResponse get = get(path("obj"), Map.of());

    assertThat(get.status()).isEqualTo(200);
    assertThat(get.header("X-Object-Meta-color")).isEqualTo(META_ON_THE_WIRE);
    assertThat(get.header("x-amz-meta-color")).isNull();
    assertThat(readAll(get.body())).isEqualTo(DATA);
  }

  @Test
  void aNameWhoseKeyIsExactlyS3sLimitIsRead() throws Exception {
    SwiftPath path = path("k".repeat(s3Seeder().maxNameBytes(ACCOUNT, CONTAINER)));
    s3Seeder().put(path, DATA, "text/plain", Map.of());

    assertThat(readAll(get(path, Map.of()).body())).isEqualTo(DATA);
  }

  @Test
  void theContentLocationIsUpstreamsFormat() {
    String where = s3().gcsProfile() ? "Google Cloud Storage" : s3().endpoint().toString();
    assertThat(reader.contentLocation(ACCOUNT, CONTAINER)).isEqualTo(where + ";" + bucket + ";"
        + S3KeyNaming.hashPrefix(ACCOUNT, CONTAINER) + "/" + ACCOUNT + "/" + CONTAINER + "/");
  }

  @Test
  void directGetsAreSignedForPlainHttpClonesOnly() {
    if (s3().gcsProfile()) {
      assertThat(reader.features()).doesNotContain(StoreFeature.DIRECT_GET);
      assertThatThrownBy(() -> reader.directGet(path("obj"), Map.of()))
          .isInstanceOf(UnsupportedOperationException.class);
      return;
    }
    assertThat(reader.features()).as("a plain-HTTP S3 clone").contains(StoreFeature.DIRECT_GET);

    DirectGet get = reader.directGet(path("obj"), Map.of("Range", "bytes=0-1")).orElseThrow();

    assertThat(get.target()).isEqualTo("/" + bucket + "/756085/AUTH_test/container/obj");
    assertThat(get.headers()).contains(Map.entry("Range", "bytes=0-1"));
    assertThat(get.headers()).anySatisfy(h -> assertThat(h.getValue()).startsWith("AWS4-HMAC-SHA256 "));
  }

  /** Keys are listed URL-encoded, except with the GCS profile, whose XML cannot carry a control character. */
  @Test
  void aControlCharacterIsListedWithEncodingTypeUrlOnly() throws Exception {
    SwiftPath path = path("d\u0001ctl");
    seeder.put(path, DATA, "text/plain", Map.of());
    CompletableFuture<ListingPage> listing = reader.list(ACCOUNT, CONTAINER, new ListingQuery("", null, "", 10))
        .toCompletableFuture();

    if (s3().gcsProfile()) {
      assertThatThrownBy(() -> listing.get(30, TimeUnit.SECONDS)).cause()
          .isInstanceOf(StoreException.class).hasMessageContaining("Could not parse XML");
    } else {
      assertThat(listing.get(30, TimeUnit.SECONDS).entries()).extracting(ListingEntry::name)
          .containsExactly(path.object());
    }
  }

  @Test
  void aCustomPrefixHidesItsManifestCopies() throws Exception {
    String prefix = "custom-" + UUID.randomUUID().toString().substring(0, 6);
    s3Seeder().putRaw(prefix + "/obj", new byte[] {1}, "text/plain", Map.of());
    s3Seeder().putRaw(new S3KeyNaming(ACCOUNT, CONTAINER, prefix).manifestKey("obj"), new byte[] {2}, "text/plain",
        Map.of());
    try (S3RemoteReader prefixed = new S3RemoteReader(s3().settings(s3().address(bucket), prefix, 2))) {
      assertThat(prefixed.list(ACCOUNT, CONTAINER, new ListingQuery("", null, "", 1000)).toCompletableFuture()
          .get(30, TimeUnit.SECONDS).entries()).extracting(ListingEntry::name).containsExactly("obj");
    }
  }
}
