package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.largeobject.SloManifest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloPlanTest {

  static SloManifest manifest(String json) throws Exception {
    return SloManifest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void wholeSegmentsArePutRangesAndNestedSlosCheckedInlineDataSkipped() throws Exception {
    SloPlan plan = SloPlan.of(manifest("""
        [{"name":"/seg/a","bytes":3,"hash":"h1"},
         {"name":"/seg\\u00e9/b","bytes":10,"hash":"h2","range":"2-5"},
         {"data":"eHl6"},
         {"name":"/other/c","bytes":4,"hash":"h3","sub_slo":true},
         {"name":"/seg/d","bytes":2,"hash":"h4"}]"""));
    assertThat(plan.steps()).extracting(SloPlan.Step::action).containsExactly(SloPlan.Action.PUT,
        SloPlan.Action.CHECK, SloPlan.Action.SKIP, SloPlan.Action.CHECK, SloPlan.Action.PUT);
    assertThat(plan.steps()).extracting(SloPlan.Step::length).containsExactly(3L, 4L, 3L, 4L, 2L);
    assertThat(plan.containers()).as("only containers of segments to PUT, each once").containsExactly("seg");
    assertThat(plan.length()).isEqualTo(16);
  }

  @Test
  void aZeroByteEntryCannotBePlaced() throws Exception {
    assertThatThrownBy(() -> SloPlan.of(manifest("[{\"name\":\"/s/a\",\"bytes\":0,\"hash\":\"h\"}]")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bytes");
  }

  @Test
  void theCursorCutsChunksAtSegmentBoundariesWhateverTheChunkSize() throws Exception {
    SloPlan plan = SloPlan.of(manifest("""
        [{"name":"/s/a","bytes":3,"hash":"h"},{"name":"/s/b","bytes":1,"hash":"h"},
         {"name":"/s/c","bytes":5,"hash":"h"}]"""));
    byte[] content = "AAABCCCCC".getBytes(StandardCharsets.US_ASCII);
    for (int chunk = 1; chunk <= content.length; chunk++) {
      SloPlan.Cursor cursor = plan.cursor();
      StringBuilder[] got = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
      List<Integer> ended = new ArrayList<>();
      for (int at = 0; at < content.length; at += chunk) {
        ByteBuffer buffer = ByteBuffer.wrap(content, at, Math.min(chunk, content.length - at)).slice();
        for (SloPlan.Piece piece : cursor.split(buffer)) {
          got[piece.step()].append(StandardCharsets.US_ASCII.decode(piece.bytes()));
          if (piece.endsStep()) {
            ended.add(piece.step());
          }
        }
        assertThat(buffer.position()).as("the caller's buffer is not consumed").isZero();
      }
      assertThat(cursor.atEnd()).isTrue();
      assertThat(cursor.beyond()).isZero();
      assertThat(List.of(got[0].toString(), got[1].toString(), got[2].toString())).as("chunk " + chunk)
          .containsExactly("AAA", "B", "CCCCC");
      assertThat(ended).containsExactly(0, 1, 2);
    }
  }

  @Test
  void theCursorCountsBytesBeyondTheManifestAndAShortStreamIsNotAtEnd() throws Exception {
    SloPlan plan = SloPlan.of(manifest("[{\"name\":\"/s/a\",\"bytes\":3,\"hash\":\"h\"}]"));
    SloPlan.Cursor short_ = plan.cursor();
    short_.split(ByteBuffer.wrap(new byte[2]));
    assertThat(short_.atEnd()).isFalse();
    SloPlan.Cursor long_ = plan.cursor();
    assertThat(long_.split(ByteBuffer.wrap(new byte[5]))).hasSize(1);
    assertThat(long_.beyond()).isEqualTo(2);
  }
}
