package io.cloudsync.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.swift.ObjectMetadata;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MetadataComparisonTest {
  private static final String MD5 = "d41d8cd98f00b204e9800998ecf8427e";

  @Test
  void etagsCompareWithoutQuotesOrCase() {
    assertThat(MetadataComparison.normalizeEtag("\"D41D8CD98F00B204E9800998ECF8427E\"")).isEqualTo(MD5);
    assertThat(MetadataComparison.sameEtag(MD5, "\"" + MD5 + "\"")).isTrue();
    assertThat(MetadataComparison.sameEtag(MD5, "\"ce7989f0e2f1f3e4fdd2a01dda0844ae-2\"")).isFalse();
    assertThat(MetadataComparison.sameEtag(MD5, null)).isFalse();
    assertThat(MetadataComparison.normalizeEtag("\"abc-2\"")).isEqualTo("abc-2");
  }

  @Test
  void contentTypesCompareIgnoringCaseAndSpaces() {
    assertThat(MetadataComparison.sameContentType("text/plain;charset=UTF-8", "text/plain; charset=utf-8")).isTrue();
    assertThat(MetadataComparison.sameContentType("text/plain", "text/html")).isFalse();
    assertThat(MetadataComparison.sameContentType("text/plain", null)).isFalse();
  }

  @Test
  void userMetadataComparesDecodedValuesAndIncludesTheDloManifest() {
    ObjectMetadata local = new ObjectMetadata(MD5, "text/plain", 0,
        new TreeMap<>(Map.of("a", "a b")), false, "segs/x", null);
    assertThat(MetadataComparison.sameUserMetadata(local,
        Map.of("a", "a b", "x-object-manifest", "segs/x"))).isTrue();
    assertThat(MetadataComparison.sameUserMetadata(local, Map.of("a", "a b"))).isFalse();
    assertThat(MetadataComparison.sameUserMetadata(local,
        Map.of("a", "a%20b", "x-object-manifest", "segs/x"))).isFalse();
    assertThat(MetadataComparison.sameUserMetadata(local,
        Map.of("a", "a b", "b", "", "x-object-manifest", "segs/x"))).isFalse();
  }
}
