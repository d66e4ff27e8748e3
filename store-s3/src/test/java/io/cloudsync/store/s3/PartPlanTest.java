package io.cloudsync.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.store.LargeBody;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartPlanTest {
  static final long MIB = 1L << 20;
  static final String MD5_A = "d2835934f7acbc86fea3a6c64bc53b84";
  static final String MD5_B = "e12dbc21e3fb1f8855780189e2b329a8";

  @Test
  void validSegmentsBecomeOnePartEach() {
    PartPlan plan = PartPlan.of(body(new LargeBody.Piece(5 * MIB, MD5_A), new LargeBody.Piece(3, MD5_B)));
    assertThat(plan.segmentAligned()).isTrue();
    assertThat(plan.parts()).containsExactly(new PartPlan.Part(1, 0, 5 * MIB, MD5_A),
        new PartPlan.Part(2, 5 * MIB, 3, MD5_B));
    assertThat(plan.expectedEtag()).hasValue(PartPlan.multipartEtag(List.of(MD5_A, MD5_B)));
    assertThat(plan.length()).isEqualTo(5 * MIB + 3);
  }

  @Test
  void upstreamMultipartEtagVector() {
    assertThat(PartPlan.multipartEtag(List.of("abcdef", "fedcba"))).isEqualTo("ce7989f0e2f1f3e4fdd2a01dda0844ae-2");
  }

  @Test
  void smallSegmentsRangesTooManyOrTooLargeAreRecut() {
    assertThat(PartPlan.of(body(new LargeBody.Piece(MIB, MD5_A), new LargeBody.Piece(MIB, MD5_B))).segmentAligned())
        .as("a non-last segment under 5 MiB").isFalse();
    assertThat(PartPlan.of(body(new LargeBody.Piece(6 * MIB, null), new LargeBody.Piece(MIB, MD5_B))).segmentAligned())
        .as("a range, nested SLO or inline data").isFalse();
    assertThat(PartPlan.of(body(new LargeBody.Piece(6L << 30, MD5_A))).segmentAligned()).as("over 5 GiB").isFalse();
    assertThat(PartPlan.of(body(Collections.nCopies(10_001, new LargeBody.Piece(5 * MIB, MD5_A))
        .toArray(LargeBody.Piece[]::new))).segmentAligned()).as("over 10,000").isFalse();
    assertThat(PartPlan.of(body()).segmentAligned()).as("a DLO").isFalse();

    PartPlan recut = PartPlan.of(body(new LargeBody.Piece(MIB, MD5_A), new LargeBody.Piece(9 * MIB, MD5_B)));
    assertThat(recut.parts()).containsExactly(new PartPlan.Part(1, 0, 8 * MIB, null),
        new PartPlan.Part(2, 8 * MIB, 2 * MIB, null));
    assertThat(recut.expectedEtag()).isEmpty();
  }

  @Test
  void fixedPartsGrowSoThatNoObjectNeedsMoreThanTenThousand() {
    assertThat(PartPlan.fixed(0).parts()).containsExactly(new PartPlan.Part(1, 0, 0, null));
    assertThat(PartPlan.fixed(8 * MIB).parts()).hasSize(1);
    assertThat(PartPlan.fixed(8 * MIB + 1).parts()).hasSize(2);
    assertThat(PartPlan.partSize(80_000 * MIB)).isEqualTo(8 * MIB);
    long huge = PartPlan.MAX_OBJECT;
    PartPlan plan = PartPlan.fixed(huge);
    assertThat(plan.parts()).hasSizeLessThanOrEqualTo(PartPlan.MAX_PARTS);
    assertThat(plan.parts().get(0).length()).isLessThanOrEqualTo(PartPlan.MAX_PART).isEqualTo(PartPlan.partSize(huge));
    assertThat(plan.length()).isEqualTo(huge);
    assertThat(PartPlan.partSize(huge) % MIB).isZero();
  }

  @Test
  void copyRangesAreInclusive() {
    assertThat(new PartPlan.Part(2, 10, 5, null).copyRange()).isEqualTo("bytes=10-14");
  }

  static LargeBody body(LargeBody.Piece... pieces) {
    List<LargeBody.Piece> list = new ArrayList<>(List.of(pieces));
    long length = list.isEmpty() ? 10 * MIB : list.stream().mapToLong(LargeBody.Piece::length).sum();
    return new LargeBody() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public List<Piece> pieces() {
        return list;
      }

      @Override
      public InputStream open(long offset, long length) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<byte[]> manifestJson() {
        return Optional.empty();
      }
    };
  }
}
