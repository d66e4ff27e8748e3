package io.cloudsync.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Swift's and HTTP's order of the {@code If-*} checks, and single byte ranges, judged from an object's resource. */
class GcsConditionsTest {
  private static final String ETAG = "5d41402abc4b2a76b9719d911017c592";
  private static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05.678Z");

  private static int status(Map<String, String> headers) {
    return GcsConditions.of(headers).status(ETAG, MODIFIED);
  }

  @Test
  void etagConditionsTakeBareQuotedWeakAndStarValues() {
    assertThat(status(Map.of())).isEqualTo(200);
    assertThat(status(Map.of("If-Match", ETAG))).isEqualTo(200);
    assertThat(status(Map.of("if-match", "\"x\", \"" + ETAG + "\""))).isEqualTo(200);
    assertThat(status(Map.of("If-Match", "\"other\""))).isEqualTo(412);
    assertThat(status(Map.of("If-Match", "*"))).isEqualTo(200);
    assertThat(status(Map.of("If-None-Match", "W/\"" + ETAG + "\""))).isEqualTo(304);
    assertThat(status(Map.of("If-None-Match", "*"))).isEqualTo(304);
    assertThat(status(Map.of("If-None-Match", "other"))).isEqualTo(200);
  }

  @Test
  void datesCompareInWholeSecondsAndGiveWayToEtags() {
    String same = "Fri, 02 Jan 2026 03:04:05 GMT";
    String before = "Fri, 02 Jan 2026 03:04:04 GMT";
    assertThat(status(Map.of("If-Modified-Since", same))).isEqualTo(304);
    assertThat(status(Map.of("If-Modified-Since", before))).isEqualTo(200);
    assertThat(status(Map.of("If-Unmodified-Since", same))).isEqualTo(200);
    assertThat(status(Map.of("If-Unmodified-Since", before))).isEqualTo(412);
    assertThat(status(Map.of("If-Unmodified-Since", "not a date"))).isEqualTo(200);
    assertThat(status(Map.of("If-Match", ETAG, "If-Unmodified-Since", before))).as("If-Match wins").isEqualTo(200);
    assertThat(status(Map.of("If-None-Match", "other", "If-Modified-Since", same))).as("If-None-Match wins")
        .isEqualTo(200);
  }

  @Test
  void rangesResolveAgainstTheSize() {
    assertThat(GcsRange.parse(null, 10)).isNull();
    assertThat(GcsRange.parse("bytes=3-5", 10)).isEqualTo(new GcsRange(3, 5));
    assertThat(GcsRange.parse("bytes=3-", 10)).isEqualTo(new GcsRange(3, 9));
    assertThat(GcsRange.parse("bytes=-2", 10)).isEqualTo(new GcsRange(8, 9));
    assertThat(GcsRange.parse("bytes=-20", 10)).isEqualTo(new GcsRange(0, 9));
    assertThat(GcsRange.parse("bytes=5-100", 10)).isEqualTo(new GcsRange(5, 9));
    assertThat(GcsRange.parse("bytes=10-12", 10)).isSameAs(GcsRange.UNSATISFIABLE);
    assertThat(GcsRange.parse("bytes=-0", 10)).isSameAs(GcsRange.UNSATISFIABLE);
    assertThat(GcsRange.parse("bytes=0-1,4-5", 10)).as("several ranges: the whole object").isNull();
    assertThat(GcsRange.parse("bytes=5-3", 10)).isNull();
    assertThat(GcsRange.parse("items=1-2", 10)).isNull();
    assertThat(new GcsRange(3, 5).contentRange(10)).isEqualTo("bytes 3-5/10");
    assertThat(GcsRange.UNSATISFIABLE.contentRange(10)).isEqualTo("bytes */10");
  }
}
