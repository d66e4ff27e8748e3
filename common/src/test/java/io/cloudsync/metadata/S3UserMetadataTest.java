package io.cloudsync.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.swift.ObjectMetadata;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class S3UserMetadataTest {
  private static final String MD5 = "d41d8cd98f00b204e9800998ecf8427e";

  @Test
  void swiftToS3QuotesValuesAndLowerCasesKeys() {
    ObjectMetadata object = ObjectMetadata.simple(MD5, "text/plain", 0,
        Map.of("Color", "ünï ☯", "path", "a/b c", "tilde", "~x"));
    assertThat(S3UserMetadata.toS3(object)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "color", "%C3%BCn%C3%AF%20%E2%98%AF",
        "path", "a/b%20c",
        "tilde", "%7Ex"));
  }

  @Test
  void contentTypeIsNeverMetadata() {
    ObjectMetadata object = ObjectMetadata.simple(MD5, "image/png", 0, Map.of());
    assertThat(S3UserMetadata.toS3(object)).isEmpty();
  }

  @Test
  void dloManifestAndSloMarkersAreMetadata() {
    ObjectMetadata dlo = new ObjectMetadata(MD5, "text/plain", 0, new TreeMap<>(Map.of("k", "v")),
        false, "segs/a b", null);
    assertThat(S3UserMetadata.toS3(dlo))
        .containsExactlyInAnyOrderEntriesOf(Map.of("k", "v", "x-object-manifest", "segs/a%20b"));

    ObjectMetadata slo = new ObjectMetadata(MD5, "text/plain", 0, new TreeMap<>(), true, null, null);
    assertThat(S3UserMetadata.toS3(slo)).containsExactlyInAnyOrderEntriesOf(
        Map.of("x-static-large-object", "True", "swift-slo-etag", MD5));
  }

  @Test
  void roundTripGivesBackSwiftValues() {
    Map<String, String> user = Map.of("a", "a b", "b", "ünï ☯", "c", "100%", "d", "x/y~z+", "e", "");
    ObjectMetadata object = new ObjectMetadata(MD5, "text/plain", 0, new TreeMap<>(user), true,
        "c/p", null);
    S3UserMetadata.SwiftView view = S3UserMetadata.fromS3(S3UserMetadata.toS3(object));
    assertThat(view.userMetadata()).isEqualTo(new TreeMap<>(user));
    assertThat(view.objectManifest()).isEqualTo("c/p");
    assertThat(view.staticLargeObject()).isTrue();
    assertThat(view.sloEtag()).isEqualTo(MD5);
    assertThat(view.remoteUserMetadata()).containsEntry("x-object-manifest", "c/p").hasSize(6);
  }

  @Test
  void fromS3LowerCasesKeysAndKeepsInvalidQuoting() {
    S3UserMetadata.SwiftView view = S3UserMetadata.fromS3(Map.of(
        "Color", "red%20blue", "Raw", "100%", "X-Static-Large-Object", "true"));
    assertThat(view.userMetadata()).containsExactlyInAnyOrderEntriesOf(
        Map.of("color", "red blue", "raw", "100%"));
    assertThat(view.staticLargeObject()).isTrue();
    assertThat(view.sloEtag()).isNull();
    assertThat(view.objectManifest()).isNull();
  }

  @Test
  void sizeCountsUtf8BytesOfKeysAndValues() {
    assertThat(S3UserMetadata.sizeInBytes(Map.of("ab", "%C3%BC", "c", ""))).isEqualTo(2 + 6 + 1);
  }
}
