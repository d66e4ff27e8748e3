package io.cloudsync.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3KeyNamingTest {
  private static final String SHA_TEST_SWIFT_ARCHIVE =
      "fb72e56b0ec2746a557f631ec948f3fcb10677619c50b4c75e1fe6e6edce9b1d";

  @ParameterizedTest
  @CsvSource({
      "AUTH_test, container, 756085",
      "AUTH_test, sync-s3, e5d922",
      "AUTH_test, archive-s3, 5dcc3",
      "AUTH_test, s3-restore, 2b77b2",
      "AUTH_test, c156, 322f",
      "AUTH_ünï, cöntainer ☯, d24f26",
  })
  void hashPrefixMatchesUpstreamVectors(String account, String container, String prefix) {
    assertThat(S3KeyNaming.hashPrefix(account, container)).isEqualTo(prefix);
    assertThat(new S3KeyNaming(account, container, null).prefix()).isEqualTo(prefix);
  }

  @Test
  void objectKeyIsPrefixAccountContainerObject() {
    S3KeyNaming naming = new S3KeyNaming("AUTH_test", "archive-s3", null);
    assertThat(naming.objectKey("a/b c")).isEqualTo("5dcc3/AUTH_test/archive-s3/a/b c");
    assertThat(naming.objectKey("//x")).isEqualTo("5dcc3/AUTH_test/archive-s3///x");
    assertThat(naming.listingPrefix()).isEqualTo("5dcc3/AUTH_test/archive-s3/");
  }

  @Test
  void manifestKeyHashesTheObjectName() {
    S3KeyNaming naming = new S3KeyNaming("AUTH_test", "sync-s3", null);
    assertThat(naming.manifestKey("test_swift_archive")).isEqualTo(
        "e5d922/.manifests/AUTH_test/sync-s3/" + SHA_TEST_SWIFT_ARCHIVE + ".swift_slo_manifest");
    assertThat(naming.manifestKey("ünï/☯ x")).isEqualTo("e5d922/.manifests/AUTH_test/sync-s3/"
        + "3349d64dbf2fb397a409a09b656624f0392ab0dc73462cb8c27fd266780f113a.swift_slo_manifest");
  }

  @Test
  void customPrefixKeysHaveNoHashAccountOrContainer() {
    S3KeyNaming naming = new S3KeyNaming("AUTH_test", "c", "/some/prefix/");
    assertThat(naming.customPrefix()).contains("some/prefix");
    assertThat(naming.objectKey("obj")).isEqualTo("some/prefix/obj");
    assertThat(naming.listingPrefix()).isEqualTo("some/prefix/");
    assertThat(naming.manifestKey("test_swift_archive"))
        .isEqualTo("some/prefix/.manifests/" + SHA_TEST_SWIFT_ARCHIVE + ".swift_slo_manifest");
  }

  @Test
  void emptyCustomPrefixUsesBareObjectNames() {
    S3KeyNaming naming = new S3KeyNaming("AUTH_test", "c", "");
    assertThat(naming.objectKey("obj")).isEqualTo("obj");
    assertThat(naming.listingPrefix()).isEmpty();
    assertThat(naming.manifestKey("test_swift_archive"))
        .isEqualTo(".manifests/" + SHA_TEST_SWIFT_ARCHIVE + ".swift_slo_manifest");
    assertThat(new S3KeyNaming("AUTH_test", "c", "///").objectKey("obj")).isEqualTo("obj");
  }

  @Test
  void customPrefixManifestHashDropsLeadingSlashesLike1space() {
    String sha = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"; // sha256("a")
    assertThat(new S3KeyNaming("AUTH_test", "c", "p").manifestKey("//a"))
        .isEqualTo("p/.manifests/" + sha + ".swift_slo_manifest");
    assertThat(new S3KeyNaming("AUTH_test", "c", null).manifestKey("/a"))
        .doesNotContain(sha);
  }

  @Test
  void objectNameReversesTheKey() {
    S3KeyNaming naming = new S3KeyNaming("AUTH_test", "container", null);
    assertThat(naming.objectName("756085/AUTH_test/container/a//b")).contains("a//b");
    assertThat(naming.objectName("756085/AUTH_test/other/a")).isEmpty();
    assertThat(naming.objectName("756085/AUTH_test/container/")).isEmpty();
  }

  @Test
  void containerWithSlashIsInvalid() {
    assertThatThrownBy(() -> new S3KeyNaming("AUTH_test", "a/b", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a/b");
  }
}
