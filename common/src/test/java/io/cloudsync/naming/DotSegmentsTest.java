package io.cloudsync.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.swift.SwiftPath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DotSegmentsTest {

  @ParameterizedTest
  @ValueSource(strings = {".", "..", "./c", "d/./e", "x/..", "../../../5dcc3/AUTH_a/c/o", "a/../b", "/..", "a//..",
      "../", "a/.", "./"})
  void namesWithADotSegmentAreFound(String name) {
    assertThat(DotSegments.in(name)).as(name).isTrue();
    assertThatThrownBy(() -> new S3KeyNaming("AUTH_b", "c", null).objectKey(name))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new S3KeyNaming("AUTH_b", "c", "prefix").objectKey(name))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a//b", "/a", "//", "", "...", ".a", "a.", "a/.b/c", "..a", "a..", "a/...", "%2e%2e"})
  void otherNamesKeepTheirKeys(String name) {
    assertThat(DotSegments.in(name)).as(name).isFalse();
    assertThat(new S3KeyNaming("AUTH_test", "archive-s3", null).objectKey(name))
        .isEqualTo("5dcc3/AUTH_test/archive-s3/" + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void dotAccountsAndContainersHaveNoKeys(String name) {
    assertThat(DotSegments.in(new SwiftPath(name, "c", "o"))).isTrue();
    assertThat(DotSegments.in(new SwiftPath("AUTH_a", name, "o"))).isTrue();
    assertThatThrownBy(() -> new S3KeyNaming(name, "c", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new S3KeyNaming("AUTH_a", name, null)).isInstanceOf(IllegalArgumentException.class);
  }
}
