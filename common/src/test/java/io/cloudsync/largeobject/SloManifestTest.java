package io.cloudsync.largeobject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SloManifestTest {
  /** A raw manifest as Swift 2.30 stores it (read back through the internal proxy). */
  static final String RAW = "[{\"name\": \"/segs/s\\u00ebg\\u2603.bin/slo/1/3000/1000/00000000\", \"bytes\": 1000,"
      + " \"hash\": \"D2835934F7ACBC86FEA3A6C64BC53B84\", \"content_type\": \"application/swiftclient-segment\","
      + " \"last_modified\": \"2026-11-22T02:00:23.000000\", \"range\": \"100-199\"},"
      + " {\"name\": \"/segs/b\", \"bytes\": 1000, \"hash\": \"e12dbc21e3fb1f8855780189e2b329a8\"},"
      + " {\"name\": \"/probe-slo/nested\", \"bytes\": 3000, \"hash\": \"a676ad286ff87f6151076998d996392c\","
      + " \"range\": \"10-29\", \"sub_slo\": true},"
      + " {\"data\": \"aGVsbG8=\"}]";

  @Test
  void parsesSegmentsRangesNestedSlosAndInlineData() throws Exception {
    SloManifest manifest = SloManifest.parse(RAW.getBytes(StandardCharsets.UTF_8));

    assertThat(manifest.entries()).hasSize(4);
    assertThat(manifest.entries().get(0)).isEqualTo(new SloEntry.Segment("segs", "sëg☃.bin/slo/1/3000/1000/00000000",
        1000, "d2835934f7acbc86fea3a6c64bc53b84", 100, 100, false, "application/swiftclient-segment"));
    SloEntry.Segment whole = (SloEntry.Segment) manifest.entries().get(1);
    assertThat(whole.wholeObject()).isTrue();
    assertThat(whole.contentType()).isNull();
    SloEntry.Segment nested = (SloEntry.Segment) manifest.entries().get(2);
    assertThat(nested.subSlo()).isTrue();
    assertThat(nested.wholeObject()).isFalse();
    assertThat(nested.length()).isEqualTo(20);
    assertThat(((SloEntry.Data) manifest.entries().get(3)).bytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(manifest.contentLength()).isEqualTo(100 + 1000 + 20 + 5);
    assertThat(manifest.json()).isEqualTo(RAW.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Written on the SAIO (Swift 2.30) with {@code ?multipart-manifest=put}: a whole segment, a
   * ranged one and inline data; the public proxy then answered {@code Etag:
   * "cff1cf34a91efead3f44ff109d34594e"} and {@code X-Manifest-Etag: a1469a708f7aa2b95f62726c79a52dca},
   * and this is the JSON the internal proxy returned.
   */
  @Test
  void etagsAreSwiftsForTheManifestAndForTheLargeObject() throws Exception {
    String stored = "[{\"name\": \"/pa2-vec-27805/s1\", \"bytes\": 2000, \"hash\": \"7c1c566ab4cdb11ac8971191694e8bec\","
        + " \"content_type\": \"text/x-seg\", \"last_modified\": \"2026-11-22T05:12:04.000000\"},"
        + " {\"name\": \"/pa2-vec-27805/s2\", \"bytes\": 2000, \"hash\": \"64c2bc01a62b32d9e99d2f595e9deafb\","
        + " \"content_type\": \"application/x-www-form-urlencoded\", \"last_modified\": \"2026-11-22T05:12:04.000000\","
        + " \"range\": \"100-1099\"}, {\"data\": \"aGVsbG8=\"}]";
    SloManifest manifest = SloManifest.parse(stored.getBytes(StandardCharsets.UTF_8));
    assertThat(manifest.manifestEtag()).isEqualTo("a1469a708f7aa2b95f62726c79a52dca");
    assertThat(manifest.sloEtag()).isEqualTo("cff1cf34a91efead3f44ff109d34594e");
    assertThat(manifest.contentLength()).isEqualTo(3005);
    assertThat(((SloEntry.Segment) manifest.entries().get(0)).contentType()).isEqualTo("text/x-seg");
  }

  @Test
  void openEndedAndSuffixRangesAreResolvedAgainstTheSegmentSize() throws Exception {
    SloManifest manifest = SloManifest.parse(("[{\"name\": \"/c/a\", \"bytes\": 100, \"hash\": \"x\", \"range\": \"90-\"},"
        + "{\"name\": \"/c/b\", \"bytes\": 100, \"hash\": \"y\", \"range\": \"-30\"}]").getBytes(StandardCharsets.UTF_8));
    assertThat(((SloEntry.Segment) manifest.entries().get(0)).firstByte()).isEqualTo(90);
    assertThat(manifest.entries().get(0).length()).isEqualTo(10);
    assertThat(((SloEntry.Segment) manifest.entries().get(1)).firstByte()).isEqualTo(70);
    assertThat(manifest.entries().get(1).length()).isEqualTo(30);
  }

  @Test
  void rejectsWhatSwiftWouldNotHaveStored() {
    assertThatThrownBy(() -> parse("{\"name\": \"/c/o\"}")).isInstanceOf(ManifestException.class)
        .hasMessageContaining("not a JSON list");
    assertThatThrownBy(() -> parse("[]")).hasMessageContaining("no segments");
    assertThatThrownBy(() -> parse("[{\"name\": \"c/o\", \"bytes\": 1, \"hash\": \"x\"}]"))
        .hasMessageContaining("/<container>/<object>");
    assertThatThrownBy(() -> parse("[{\"name\": \"/c/o\", \"hash\": \"x\"}]")).hasMessageContaining("'bytes'");
    assertThatThrownBy(() -> parse("[{\"name\": \"/c/o\", \"bytes\": 5}]")).hasMessageContaining("'hash'");
    assertThatThrownBy(() -> parse("[{\"name\": \"/c/o\", \"bytes\": 5, \"hash\": \"x\", \"range\": \"7-9\"}]"))
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> parse("[{\"name\": \"/c/o\", \"bytes\": 5, \"hash\": \"x\"}, 3]"))
        .hasMessageContaining("entry 1");
    assertThatThrownBy(() -> parse("[{\"name\": \"/c/o\", \"bytes\": 5, \"hash\": \"x\"")).hasMessageContaining("JSON");
  }

  private static SloManifest parse(String json) throws ManifestException {
    return SloManifest.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
