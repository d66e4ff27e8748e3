package io.cloudsync.largeobject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DloBodyTest {
  static final SwiftPath PATH = new SwiftPath("AUTH_test", "c", "dlo");

  @Test
  void readsRangesOfTheJoinedContentAsLongAsTheDloEtagHolds() throws Exception {
    byte[] joined = new byte[5000];
    new Random(1).nextBytes(joined);
    FakeSegments local = new FakeSegments();
    local.objects.put(PATH, joined);
    // The fake checks the MD5 of what it serves; a real DLO's ETag is the MD5 of its segment ETags.
    ObjectMetadata head = new ObjectMetadata(FakeSegments.md5(joined), "application/octet-stream", joined.length,
        new java.util.TreeMap<>(Map.of()), false, "segs/dlo/", null);
    DloBody body = new DloBody(PATH, head, local);

    assertThat(body.pieces()).isEmpty();
    assertThat(body.manifestJson()).isEmpty();
    try (InputStream in = body.open(1234, 2000)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(joined, 1234, 3234));
    }
    try (InputStream in = body.open(5000, 0)) {
      assertThat(in.read()).isEqualTo(-1);
    }

    local.objects.put(PATH, Arrays.copyOf(joined, 4000));
    assertThatThrownBy(() -> body.open(0, 10).readAllBytes()).isInstanceOf(IOException.class)
        .hasMessageContaining("ETag");
    assertThatThrownBy(() -> body.open(4990, 20)).isInstanceOf(IllegalArgumentException.class);
  }
}
