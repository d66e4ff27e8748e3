package io.cloudsync.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.SplittableRandom;
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

  @Test
  void parsesOffsetsOfEveryLength() {
    assertThat(SwiftTimestamp.parse("1500000000.00001_0000000000000001"))
        .isEqualTo(new SwiftTimestamp(150_000_000_000_001L, 1));
    assertThat(SwiftTimestamp.parse("1500000000.00001_7fffffffffffffff").offset()).isEqualTo(Long.MAX_VALUE);
    assertThat(SwiftTimestamp.parse("1500000000_a")).isEqualTo(new SwiftTimestamp(150_000_000_000_000L, 10));
    assertThat(SwiftTimestamp.parse(" 0000000001.50000_0000000000000010 "))
        .isEqualTo(new SwiftTimestamp(150_000L, 16));
  }

  @Test
  void parsesShortAndUnusualForms() {
    assertThat(SwiftTimestamp.parse("0").ticks()).isZero();
    assertThat(SwiftTimestamp.parse("1500000000").ticks()).isEqualTo(150_000_000_000_000L);
    assertThat(SwiftTimestamp.parse("1500000000.").ticks()).isEqualTo(150_000_000_000_000L);
    assertThat(SwiftTimestamp.parse("1500000000.00010").ticks()).isEqualTo(150_000_000_000_010L);
    assertThat(SwiftTimestamp.parse(".5").ticks()).isEqualTo(50_000L);
    assertThat(SwiftTimestamp.parse("1.5E9").ticks()).isEqualTo(150_000_000_000_000L);
    // more than 10 µs precision rounds half-even, as Swift's Timestamp does
    assertThat(SwiftTimestamp.parse("1500000000.000005").ticks()).isEqualTo(150_000_000_000_000L);
    assertThat(SwiftTimestamp.parse("1500000000.000015").ticks()).isEqualTo(150_000_000_000_002L);
    assertThat(SwiftTimestamp.parse("1500000000.0000151").ticks()).isEqualTo(150_000_000_000_002L);
    assertThat(SwiftTimestamp.parse("12345678901234.5").ticks()).isEqualTo(1_234_567_890_123_450_000L);
  }

  @Test
  void theLongPathAgreesWithExactDecimalArithmetic() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(10_000_000_000_000L);
      int decimals = random.nextInt(6);
      String text = seconds + (decimals == 0 && random.nextBoolean() ? ""
          : "." + String.format("%05d", random.nextInt(100_000)).substring(0, decimals));
      long exact = new BigDecimal(text).multiply(BigDecimal.valueOf(100_000))
          .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
      assertThat(SwiftTimestamp.parse(text).ticks()).as(text).isEqualTo(exact);
    }
  }

  @Test
  void rejectsWhatIsNoTimestamp() {
    for (String bad : new String[] {"", "abc", "1500000000.0000a", "1.2.3", "-1500000000.00000", "1500000000.00000_",
        "1500000000.00000_xyz", "99999999999999999999"}) {
      assertThatThrownBy(() -> SwiftTimestamp.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Swift timestamp");
    }
  }
}
