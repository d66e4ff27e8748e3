package io.cloudsync.store;

import static io.cloudsync.store.TestBytes.concat;
import static io.cloudsync.store.TestBytes.md5;
import static io.cloudsync.store.TestBytes.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RemoteStore} does with Swift large objects, checked through the backend's
 * {@link StoreInspector}: SLOs with their manifest copy and metadata updates that read no data,
 * DLOs of any size with their Swift ETag recorded, and failures that leave nothing behind.
 */
public abstract class RemoteStoreLargeObjectContract extends StoreFixture {
  protected static final int MIB = 1 << 20;
  protected static final SwiftPath PATH = new SwiftPath(ACCOUNT, CONTAINER, "large ☃");
  /** The manifest ETag of the test SLOs. */
  protected static final String SLO_ETAG = "0123456789abcdef0123456789abcdef";

  @Test
  void aPieceThatCannotBeReadFailsTheUploadAndLeavesNothing() {
    assertThatThrownBy(this::uploadWithAnUnreadablePiece)
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT))
        .hasMessageContaining("segment /segs/2 is missing locally");

    assertThat(inspector.unfinishedUploads()).isEmpty();
    assertThat(inspector.keys()).isEmpty();
  }

  @Test
  void anSloIsStoredWithItsManifestCopyAndItsMetadataUpdatedWithoutReadingData() throws Exception {
    MemoryBody body = alignedSlo();
    ObjectMetadata local = slo(Map.of("color", "blue"));

    store.uploadLargeObject(PATH, local, body);

    RemoteObject uploaded = store.head(PATH).orElseThrow();
    assertThat(uploaded.staticLargeObject()).isTrue();
    assertThat(uploaded.sloEtag()).isEqualTo(SLO_ETAG);
    assertThat(uploaded.size()).isEqualTo(body.length());
    assertThat(store.isCurrent(local, uploaded)).isTrue();
    assertThat(inspector.read(PATH)).isEqualTo(body.content());
    inspector.manifestKey(PATH).ifPresent(key ->
        assertThat(inspector.read(key)).isEqualTo(body.manifestJson().orElseThrow()));

    ObjectMetadata changed = slo(Map.of("color", "red"));
    assertThat(store.isCurrent(changed, uploaded)).isFalse();
    assertThat(store.hasSameLargeObjectData(changed, uploaded, body)).isTrue();
    int reads = body.opens().get();
    store.updateLargeObjectMetadata(PATH, changed, uploaded, body);

    assertThat(body.opens()).as("ranges read by the metadata update").hasValue(reads);
    assertThat(store.isCurrent(changed, store.head(PATH).orElseThrow())).isTrue();
    assertThat(inspector.stat(PATH).userMetadata()).containsEntry("color", "red");
    assertThat(inspector.read(PATH)).isEqualTo(body.content());
  }

  @Test
  void deletingAnSloRemovesItsManifestCopy() throws Exception {
    store.uploadLargeObject(PATH, slo(Map.of()), alignedSlo());
    assertThat(inspector.keys()).contains(inspector.expectedKey(PATH));
    inspector.manifestKey(PATH).ifPresent(key -> assertThat(inspector.keys()).contains(key));

    store.delete(PATH);

    assertThat(store.head(PATH)).isEmpty();
    assertThat(inspector.keys()).isEmpty();
  }

  @Test
  void aDloOfAnySizeIsStoredWithItsSwiftEtagRecorded() throws Exception {
    for (byte[] content : List.of(random(9 * MIB + 3, 8), random(MIB, 9))) {
      store.uploadLargeObject(PATH, dlo(content.length), new MemoryBody(content, List.of()));

      RemoteObject remote = store.head(PATH).orElseThrow();
      assertThat(remote.dloEtag()).isEqualTo(dlo(content.length).etag());
      assertThat(remote.size()).isEqualTo(content.length);
      assertThat(store.isCurrent(dlo(content.length), remote)).isTrue();
      assertThat(inspector.read(PATH)).isEqualTo(content);
      assertThat(inspector.keys()).containsExactly(inspector.expectedKey(PATH));
    }
  }

  /** Uploads a 20 MiB DLO whose content cannot be read from 8 MiB on. */
  protected void uploadWithAnUnreadablePiece() throws StoreException {
    byte[] content = random(20 * MIB, 1);
    LargeBody body = new MemoryBody(content, List.of()) {
      @Override
      public InputStream open(long offset, long length) throws IOException {
        if (offset >= 8 * MIB) {
          throw new IOException("segment /segs/2 is missing locally (HTTP 404)");
        }
        return super.open(offset, length);
      }
    };
    store.uploadLargeObject(PATH, dlo(content.length), body);
  }

  /** An SLO of three whole segments (5 MiB, 5 MiB, 1000 bytes) with its manifest. */
  protected static MemoryBody alignedSlo() {
    byte[] first = random(5 * MIB, 5);
    byte[] second = random(5 * MIB, 6);
    byte[] third = random(1000, 7);
    List<LargeBody.Piece> pieces = List.of(new LargeBody.Piece(first.length, md5(first)),
        new LargeBody.Piece(second.length, md5(second)), new LargeBody.Piece(third.length, md5(third)));
    return new MemoryBody(concat(first, second, third), pieces,
        "[{\"name\": \"/segs/1\"}]".getBytes(StandardCharsets.UTF_8));
  }

  protected static ObjectMetadata slo(Map<String, String> meta) {
    return new ObjectMetadata(SLO_ETAG, "application/octet-stream", 123, new TreeMap<>(meta), true, null, null);
  }

  protected static ObjectMetadata dlo(long length) {
    return new ObjectMetadata(SLO_ETAG, "application/octet-stream", length, new TreeMap<>(), false, "segs/large/",
        null);
  }
}
