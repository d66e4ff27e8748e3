package io.cloudsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.swift.ObjectMetadata;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A metadata-only change of an archived copy keeps its data and the sync's large-object bookkeeping. */
class RemoteObjectMetadataTest {

  @Test
  void aPlainObjectGetsTheNewUserMetadataAndKeepsItsContentTypeUnlessGiven() {
    RemoteObject plain = new RemoteObject("abc", "text/x-old", 5, new TreeMap<>(Map.of("old", "v")), null, false,
        Instant.EPOCH);
    ObjectMetadata kept = plain.withUserMetadata(Map.of("Colour", "gr\u00fcn"), null);
    assertThat(kept.etag()).isEqualTo("abc");
    assertThat(kept.contentType()).isEqualTo("text/x-old");
    assertThat(kept.contentLength()).isEqualTo(5);
    assertThat(kept.userMetadata()).containsExactly(Map.entry("colour", "gr\u00fcn"));
    assertThat(kept.staticLargeObject()).isFalse();
    assertThat(kept.objectManifest()).isNull();
    assertThat(plain.withUserMetadata(Map.of(), "text/x-new").contentType()).isEqualTo("text/x-new");
  }

  @Test
  void anSloKeepsItsRecordedManifestEtagAndADloItsManifestAndSwiftEtag() {
    RemoteObject slo = new RemoteObject("d41d8cd98f00b204e9800998ecf8427e-3", "a/b", 10, new TreeMap<>(),
        "5f0e", true, Instant.EPOCH);
    ObjectMetadata sloMetadata = slo.withUserMetadata(Map.of("a", "1"), null);
    assertThat(sloMetadata.staticLargeObject()).isTrue();
    assertThat(sloMetadata.etag()).isEqualTo("5f0e");

    RemoteObject dlo = new RemoteObject("body-md5", "a/b", 10,
        new TreeMap<>(Map.of("x-object-manifest", "segs/prefix", "old", "v")), null, false, Instant.EPOCH, "dlo-etag");
    ObjectMetadata dloMetadata = dlo.withUserMetadata(Map.of("a", "1"), null);
    assertThat(dloMetadata.objectManifest()).isEqualTo("segs/prefix");
    assertThat(dloMetadata.etag()).isEqualTo("dlo-etag");
    assertThat(dloMetadata.userMetadata()).containsExactly(Map.entry("a", "1"));
  }
}
