package io.cloudsync.largeobject;

import static io.cloudsync.largeobject.FakeSegments.md5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.store.LargeBody;
import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SloBodyTest {
  static final SwiftPath OUTER = new SwiftPath("AUTH_test", "c", "outer");
  static final SwiftPath INNER = new SwiftPath("AUTH_test", "c", "inner");

  FakeSegments local;
  byte[] a;
  byte[] b;
  byte[] inner1;
  byte[] inner2;

  @BeforeEach
  void setUp() {
    local = new FakeSegments();
    a = random(1000, 1);
    b = random(500, 2);
    inner1 = random(300, 3);
    inner2 = random(300, 4);
    local.objects.put(new SwiftPath("AUTH_test", "segs", "a ☃"), a);
    local.objects.put(new SwiftPath("AUTH_test", "segs", "b"), b);
    local.objects.put(new SwiftPath("AUTH_test", "segs", "i1"), inner1);
    local.objects.put(new SwiftPath("AUTH_test", "segs", "i2"), inner2);
    local.manifests.put(INNER, json("[" + entry("i1", inner1, null) + "," + entry("i2", inner2, null) + "]"));
  }

  /** a (whole) + b[100..199] + "hi" + inner[250..449] (spanning both inner segments) + a (whole). */
  private SloBody outer() throws Exception {
    String manifest = "[" + entry("a ☃", a, null) + "," + entry("b", b, "100-199") + ",{\"data\": \""
        + Base64.getEncoder().encodeToString("hi".getBytes(StandardCharsets.UTF_8)) + "\"},"
        + "{\"name\": \"/c/inner\", \"bytes\": 600, \"hash\": \"whatever\", \"range\": \"250-449\", \"sub_slo\": true},"
        + entry("a ☃", a, null) + "]";
    local.manifests.put(OUTER, json(manifest));
    return SloBody.read(OUTER, md5(json(manifest)), local);
  }

  private byte[] expected() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(a);
    out.writeBytes(Arrays.copyOfRange(b, 100, 200));
    out.writeBytes("hi".getBytes(StandardCharsets.UTF_8));
    byte[] inner = new byte[600];
    System.arraycopy(inner1, 0, inner, 0, 300);
    System.arraycopy(inner2, 0, inner, 300, 300);
    out.writeBytes(Arrays.copyOfRange(inner, 250, 450));
    out.writeBytes(a);
    return out.toByteArray();
  }

  @Test
  void readsEveryRangeOfTheConcatenatedContent() throws Exception {
    SloBody body = outer();
    byte[] expected = expected();
    assertThat(body.length()).isEqualTo(expected.length);
    assertThat(read(body, 0, expected.length)).isEqualTo(expected);
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      int from = random.nextInt(expected.length);
      int length = random.nextInt(expected.length - from + 1);
      assertThat(read(body, from, length)).as("%d bytes from %d", length, from)
          .isEqualTo(Arrays.copyOfRange(expected, from, from + length));
    }
  }

  @Test
  void onlyWholeSegmentsHaveAKnownMd5() throws Exception {
    assertThat(outer().pieces()).containsExactly(
        new LargeBody.Piece(1000, md5(a)), new LargeBody.Piece(100, null), new LargeBody.Piece(2, null),
        new LargeBody.Piece(200, null), new LargeBody.Piece(1000, md5(a)));
  }

  @Test
  void opensOnlyTheSegmentsARangeTouches() throws Exception {
    SloBody body = outer();
    read(body, 1000, 100);
    assertThat(local.rangeReads).hasValue(1);
  }

  @Test
  void aSegmentChangedSinceTheManifestFailsTheRead() throws Exception {
    SloBody body = outer();
    local.objects.put(new SwiftPath("AUTH_test", "segs", "b"), random(500, 99));
    assertThatThrownBy(() -> read(body, 0, (int) body.length())).isInstanceOf(IOException.class)
        .hasMessageContaining("/segs/b");
  }

  @Test
  void aShortSegmentFailsTheReadNamingIt() throws Exception {
    SloBody body = outer();
    local.objects.put(new SwiftPath("AUTH_test", "segs", "a ☃"), Arrays.copyOf(a, 10));
    String json = "[" + entry("a ☃", Arrays.copyOf(a, 10), null) + "]";
    local.manifests.put(OUTER, json(json));
    SloBody lying = new SloBody(OUTER, SloManifest.parse(json(json.replace("\"bytes\": 10", "\"bytes\": 1000"))),
        local);
    assertThatThrownBy(() -> read(lying, 0, 1000)).isInstanceOf(IOException.class)
        .hasMessageContaining("segment /segs/a ☃").hasMessageContaining("ended after 10 of 1000");
    assertThat(body.length()).isPositive();
  }

  @Test
  void aChangedManifestIsRefused() {
    local.manifests.put(OUTER, json("[" + entry("b", b, null) + "]"));
    assertThatThrownBy(() -> SloBody.read(OUTER, "0123456789abcdef0123456789abcdef", local))
        .isInstanceOf(IOException.class).hasMessageContaining("changed");
  }

  @Test
  void nestingDeeperThanSwiftAllowsIsRefused() throws Exception {
    // A manifest that names itself as its own sub-SLO.
    String self = "[{\"name\": \"/c/outer\", \"bytes\": 1, \"hash\": \"x\", \"sub_slo\": true}]";
    local.manifests.put(OUTER, json(self));
    SloBody body = SloBody.read(OUTER, null, local);
    assertThatThrownBy(() -> read(body, 0, 1)).isInstanceOf(IOException.class).hasMessageContaining("deep");
  }

  private static byte[] read(LargeBody body, long offset, int length) throws IOException {
    try (InputStream in = body.open(offset, length)) {
      byte[] data = in.readAllBytes();
      assertThat(data).hasSize(length);
      return data;
    }
  }

  private static String entry(String name, byte[] data, String range) {
    return "{\"name\": \"/segs/" + name + "\", \"bytes\": " + data.length + ", \"hash\": \"" + md5(data) + "\""
        + (range == null ? "" : ", \"range\": \"" + range + "\"") + "}";
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }
}
