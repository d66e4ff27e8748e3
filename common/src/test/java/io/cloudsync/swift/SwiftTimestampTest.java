package io.cloudsync.swift;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SwiftTimestampTest {
  @Test
  void parsesAndFormatsNormalAndInternalForms() {
    SwiftTimestamp t = SwiftTimestamp.parse("1500000000.00000");
    assertThat(t.normal()).isEqualTo("1500000000.00000");
    assertThat(t.withOffsetPlus(1).internal()).isEqualTo("1500000000.00000_0000000000000001");
    assertThat(SwiftTimestamp.parse("1500000000.12345_000000000000000a").offset()).isEqualTo(10);
    assertThat(SwiftTimestamp.parse("1500000000.1").normal()).isEqualTo("1500000000.10000");
  }

  @Test
  void ordersByTimeThenOffset() {
    SwiftTimestamp t = SwiftTimestamp.parse("1500000000.00000");
    assertThat(t.withOffsetPlus(1)).isGreaterThan(t);
    assertThat(t.plusTicks(1)).isGreaterThan(t.withOffsetPlus(5));
  }

  @Test
  void convertsToInstants() {
    assertThat(SwiftTimestamp.parse("1500000000.12345").toInstant())
        .isEqualTo(Instant.ofEpochSecond(1_500_000_000L, 123_450_000));
    assertThat(SwiftTimestamp.ofInstant(Instant.ofEpochSecond(1_500_000_000L, 123_456_789)).normal())
        .isEqualTo("1500000000.12345");
  }
}
