package io.cloudsync.sync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.largeobject.LocalSegments;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.local.LocalSwiftException;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LargeObjectSyncerTest {
  static final SwiftPath PATH = new SwiftPath("AUTH_test", "c", "big");
  static final String MANIFEST = "[{\"name\": \"/segs/1\", \"bytes\": 3, \"hash\": \"0123456789abcdef0123456789abcdef\"}]";
  static final ObjectMetadata SLO = new ObjectMetadata("fedcba9876543210fedcba9876543210", "text/plain",
      MANIFEST.length(), new TreeMap<>(), true, null, null);
  static final ObjectMetadata DLO = new ObjectMetadata("00112233445566778899aabbccddeeff", "text/plain", 42,
      new TreeMap<>(), false, "segs/big/", null);

  final RecordingStore remote = new RecordingStore();
  final Local local = new Local();

  @Test
  void aCurrentCopyCostsOneHeadAndNoLocalRead() throws Exception {
    remote.existing = remoteObject();
    remote.current = true;
    assertThat(makeCurrent(false, SLO).kind()).isEqualTo(RowOutcome.Kind.ALREADY_CURRENT);
    assertThat(local.manifestReads).isZero();
    assertThat(remote.calls).containsExactly("head");
  }

  @Test
  void sameDataBecomesAMetadataUpdate() throws Exception {
    remote.existing = remoteObject();
    remote.sameData = true;
    assertThat(makeCurrent(false, SLO).kind()).isEqualTo(RowOutcome.Kind.METADATA_UPDATED);
    assertThat(remote.calls).containsExactly("head", "updateLargeObjectMetadata");
  }

  @Test
  void otherwiseTheContentIsUploadedAndCounted() throws Exception {
    RowOutcome slo = makeCurrent(false, SLO);
    assertThat(slo.kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(slo.bytes()).isEqualTo(3);
    RowOutcome dlo = makeCurrent(false, DLO);
    assertThat(dlo.bytes()).isEqualTo(42);
    assertThat(remote.calls).containsExactly("head", "uploadLargeObject", "head", "uploadLargeObject");
    assertThat(remote.largeBodies.get(1).manifestJson()).isEmpty();
  }

  @Test
  void dryRunWritesNothing() throws Exception {
    assertThat(makeCurrent(true, SLO).kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(remote.calls).containsExactly("head");
  }

  @Test
  void aBrokenManifestIsUnsyncableAndAnUnreachableProxyBlocksTheMapping() throws Exception {
    local.manifest = "not json";
    RowOutcome broken = makeCurrent(false, SLO);
    assertThat(broken.kind()).isEqualTo(RowOutcome.Kind.UNSYNCABLE);
    assertThat(broken.detail()).contains(PATH.toString(), "manifest");

    local.failure = new IOException("GET failed", new LocalSwiftException("internal proxy down", 0, null));
    assertThat(makeCurrent(false, SLO).kind()).isEqualTo(RowOutcome.Kind.BLOCKED);
    local.failure = new IOException("manifest changed while being synced");
    RowOutcome changed = makeCurrent(false, SLO);
    assertThat(changed.kind()).isEqualTo(RowOutcome.Kind.FAILED);
    assertThat(changed.detail()).contains("changed while being synced");
  }

  /** As {@link ObjectSyncer} calls it: the remote HEAD first, then the large-object syncer. */
  private RowOutcome makeCurrent(boolean dryRun, ObjectMetadata meta) throws Exception {
    return syncer(dryRun).makeCurrent(PATH, meta, remote.head(PATH));
  }

  private LargeObjectSyncer syncer(boolean dryRun) {
    return new LargeObjectSyncer(local, remote, dryRun, java.time.Instant.EPOCH);
  }

  private static RemoteObject remoteObject() {
    return new RemoteObject("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-1", "text/plain", 3, new TreeMap<>(), null, true, null);
  }

  static final class Local implements LocalSegments {
    String manifest = MANIFEST;
    IOException failure;
    int manifestReads;

    @Override
    public InputStream openRange(SwiftPath path, long offset, long length, String expectedEtag) {
      return new ByteArrayInputStream(new byte[(int) length]);
    }

    @Override
    public byte[] readManifest(SwiftPath path, String expectedEtag) throws IOException {
      manifestReads++;
      if (failure != null) {
        throw failure;
      }
      return manifest.getBytes(StandardCharsets.UTF_8);
    }
  }
}
