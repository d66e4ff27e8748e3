package io.cloudsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.store.ListedEtags.Lookup;
import org.junit.jupiter.api.Test;

class ListedEtagsTest {
  static final String A = "5eb63bbbe01eeed093cb22bb8f5acdc3";
  static final String B = "0123456789abcdef0123456789abcdef";

  @Test
  void answersAbsentOtherOrSameEtag() {
    ListedEtags listed = new ListedEtags.Builder().add("x", A).add("y", "\"" + B + "\"").build();
    assertThat(listed.lookup("z", A)).isEqualTo(Lookup.ABSENT);
    assertThat(listed.lookup("x", B)).isEqualTo(Lookup.OTHER_ETAG);
    assertThat(listed.lookup("x", "\"" + A + "\"")).isEqualTo(Lookup.SAME_ETAG);
    assertThat(listed.lookup("y", B)).isEqualTo(Lookup.SAME_ETAG);
    assertThat(listed.size()).isEqualTo(2);
  }

  @Test
  void keepsWhenEachCopyWasLastModifiedAcrossGrowth() {
    java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
    ListedEtags.Builder builder = new ListedEtags.Builder().add("untimed", A);
    for (int i = 0; i < 100; i++) {
      builder.add("n" + i, A, t.plusSeconds(i).plusMillis(500));
    }
    ListedEtags listed = builder.build();
    assertThat(listed.modified("n0")).isEqualTo(t);
    assertThat(listed.modified("n99")).isEqualTo(t.plusSeconds(99));
    assertThat(listed.modified("untimed")).isNull();
    assertThat(listed.modified("absent")).isNull();
    assertThat(ListedEtags.UNLISTED.modified("n0")).isNull();
  }

  @Test
  void onlyAbsentAndOtherEtagNeedNoHead() {
    assertThat(Lookup.ABSENT.needsUpload()).isTrue();
    assertThat(Lookup.OTHER_ETAG.needsUpload()).isTrue();
    assertThat(Lookup.SAME_ETAG.needsUpload()).isFalse();
    assertThat(Lookup.UNLISTED.needsUpload()).isFalse();
  }

  @Test
  void unlistedAndEmptyListings() {
    assertThat(ListedEtags.UNLISTED.lookup("x", A)).isEqualTo(Lookup.UNLISTED);
    assertThat(ListedEtags.NOTHING.lookup("x", A)).isEqualTo(Lookup.ABSENT);
  }

  @Test
  void aNameListedTwiceNeedsItsHead() {
    ListedEtags listed = new ListedEtags.Builder().add("x", A).add("x", B).build();
    assertThat(listed.lookup("x", A)).isEqualTo(Lookup.SAME_ETAG);
    assertThat(listed.lookup("x", "ffffffffffffffffffffffffffffffff")).isEqualTo(Lookup.SAME_ETAG);
    assertThat(listed.size()).isEqualTo(1);
  }

  @Test
  void manyNamesGrowTheTableAndStayExact() {
    ListedEtags.Builder builder = new ListedEtags.Builder();
    for (int i = 0; i < 100_000; i++) {
      builder.add("o" + i, i % 2 == 0 ? A : B);
    }
    ListedEtags listed = builder.build();
    assertThat(listed.size()).isEqualTo(100_000);
    for (int i = 0; i < 100_000; i++) {
      assertThat(listed.lookup("o" + i, A)).isEqualTo(i % 2 == 0 ? Lookup.SAME_ETAG : Lookup.OTHER_ETAG);
      assertThat(listed.lookup("p" + i, A)).isEqualTo(Lookup.ABSENT);
    }
  }

  @Test
  void namesAreComparedExactly() {
    ListedEtags listed = new ListedEtags.Builder().add("a/b", A).add("\u00e9\ud83d\ude00", A).build();
    assertThat(listed.lookup("a/b ", A)).isEqualTo(Lookup.ABSENT);
    assertThat(listed.lookup("A/b", A)).isEqualTo(Lookup.ABSENT);
    assertThat(listed.lookup("\u00e9\ud83d\ude00", A)).isEqualTo(Lookup.SAME_ETAG);
  }
}
