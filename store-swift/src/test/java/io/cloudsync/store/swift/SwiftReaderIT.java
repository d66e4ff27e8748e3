package io.cloudsync.store.swift;

import static io.cloudsync.store.TestBytes.concat;
import static io.cloudsync.store.TestBytes.md5;
import static io.cloudsync.store.TestBytes.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.largeobject.SloEntry;
import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.store.ArchiveSeeder;
import io.cloudsync.store.Bodies;
import io.cloudsync.store.LargeBody;
import io.cloudsync.store.MemoryBody;
import io.cloudsync.store.ReaderBackend;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.RemoteReader.ReadResponse;
import io.cloudsync.store.RemoteReaderContract;
import io.cloudsync.store.StoreAddress;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SwiftReader} against the SAIO's {@code AUTH_test2}: the backend-neutral
 * {@link RemoteReaderContract}, and what {@link SwiftStore} wrote read back in local terms.
 */
class SwiftReaderIT extends RemoteReaderContract {
  private static SwiftServer server;

  @BeforeAll
  static void start() {
    server = SwiftServer.saio();
  }

  @Override
  protected ReaderBackend backend() {
    return new ReaderBackend() {
      @Override
      public String name() {
        return server.name();
      }

      @Override
      public StoreAddress address(String bucket) {
        return server.address(bucket);
      }

      @Override
      public RemoteReader openReader(StoreAddress address, int maxConnections) {
        SwiftSettings settings = server.settings(address, true);
        return new SwiftReader(new SwiftSettings(settings.authUrl(), settings.user(), settings.key(), null,
            settings.bucket(), true, maxConnections));
      }

      @Override
      public ArchiveSeeder seed(String bucket) {
        return new SwiftSeeder(server.plain(), bucket);
      }
    };
  }

  @Test
  void anSloTheStoreWroteIsReadBackWithItsLocalSegmentNamesAndSloEtag() throws Exception {
    byte[] first = random(100_000, 7);
    byte[] second = random(500, 8);
    String entry = "{\"name\": \"/local_segs/%s\", \"bytes\": %d, \"hash\": \"%s\"}";
    byte[] json = ("[" + entry.formatted("p/1", first.length, md5(first)) + ", "
        + entry.formatted("p/2", second.length, md5(second)) + "]").getBytes(StandardCharsets.UTF_8);
    MemoryBody body = new MemoryBody(concat(first, second), List.of(new LargeBody.Piece(first.length, md5(first)),
        new LargeBody.Piece(second.length, md5(second))), json);
    SwiftPath path = path("sl o");
    try (SwiftStore store = server.open(server.address(bucket))) {
      store.uploadLargeObject(path, new ObjectMetadata(md5(json), "application/x-slo", body.length(),
          new TreeMap<>(Map.of("k", "v")), true, null, null), body);
    }

    SloManifest manifest = reader.manifest(path).toCompletableFuture().get(30, TimeUnit.SECONDS).orElseThrow();
    assertThat(manifest.entries()).extracting(e -> ((SloEntry.Segment) e).container() + "/"
        + ((SloEntry.Segment) e).object()).containsExactly("local_segs/p/1", "local_segs/p/2");
    ReadResponse get = get(path, Map.of());
    assertThat(get.sloEtag()).isEqualTo(manifest.sloEtag()).isEqualTo(SloManifest.parse(json).sloEtag());
    assertThat(get.header("X-Object-Meta-k")).isEqualTo("v");
    assertThat(get.header("X-Object-Meta-" + SwiftStore.SLO_ETAG)).isNull();
    assertThat(get.header("Remote-X-Trans-Id")).startsWith("tx");
    assertThat(get.header("X-Trans-Id")).isNull();
    assertThat(Bodies.readAll(get.body())).isEqualTo(concat(first, second));
    assertThat(reader.contentLocation(ACCOUNT, CONTAINER))
        .isEqualTo(server.authUrl() + ";" + SwiftServer.USER + ";" + bucket + CONTAINER);
  }
}
