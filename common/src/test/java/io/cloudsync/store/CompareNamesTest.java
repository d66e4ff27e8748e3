package io.cloudsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CompareNamesTest {
  @Test
  void namesCompareByCodePoint() {
    assertThat(RemoteReader.compareNames("\uffef", "\ud83d\ude00")).isNegative();
    assertThat("\uffef".compareTo("\ud83d\ude00")).as("String order differs").isPositive();
    assertThat(RemoteReader.compareNames("ab", "abc")).isNegative();
    assertThat(RemoteReader.compareNames("b", "b")).isZero();
  }
}
