package io.cloudsync.crawler.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.crawler.support.Python;
import io.cloudsync.swift.SwiftTimestamp;
import org.junit.jupiter.api.Test;

class CreatedAtTest {
  private static final SwiftTimestamp T = SwiftTimestamp.parse("1500000000.00000");
  private static final SwiftTimestamp T_PLUS_1MS = SwiftTimestamp.parse("1500000000.00100");

  @Test
  void plainPutIsAllTheSame() {
    assertThat(CreatedAt.decode("1500000000.00000")).isEqualTo(new RowTimestamps(T, T, T));
  }

  @Test
  void metadataOnlyPost() {
    assertThat(CreatedAt.decode("1500000000.00000+0+64")).isEqualTo(new RowTimestamps(T, T, T_PLUS_1MS));
  }

  @Test
  void contentTypePost() {
    assertThat(CreatedAt.decode("1500000000.00000+64+0")).isEqualTo(new RowTimestamps(T, T_PLUS_1MS, T_PLUS_1MS));
    assertThat(CreatedAt.decode("1500000000.00000+64")).isEqualTo(new RowTimestamps(T, T_PLUS_1MS, T_PLUS_1MS));
  }

  @Test
  void negativeDeltasAndOffsets() {
    RowTimestamps ts = CreatedAt.decode("1500000000.00100_00000000000000ff-64+c8");
    assertThat(ts.data()).isEqualTo(new SwiftTimestamp(150_000_000_000_100L, 0xff));
    assertThat(ts.contentType()).isEqualTo(T);
    assertThat(ts.meta()).isEqualTo(SwiftTimestamp.parse("1500000000.00200"));
    // a zero delta keeps the offset of the data time
    RowTimestamps keep = CreatedAt.decode("1500000000.00000_0000000000000001+0+0");
    assertThat(keep.meta().offset()).isEqualTo(1);
  }

  @Test
  void rejectsGarbageNamingIt() {
    assertThatThrownBy(() -> CreatedAt.decode("15000x+1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'15000x+1'");
    assertThatThrownBy(() -> CreatedAt.decode("1500000000.00000+")).hasMessageContaining("empty delta");
    assertThatThrownBy(() -> CreatedAt.decode("1500000000.00000+zz")).hasMessageContaining("+zz");
    assertThatThrownBy(() -> CreatedAt.decode("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matchesSwiftsDecodeTimestamps() throws Exception {
    String script = """
        import json, random
        from swift.common.utils import Timestamp, encode_timestamps, decode_timestamps
        random.seed(7)
        out = []
        for i in range(400):
            t1 = Timestamp(random.uniform(1e9, 2e9), offset=random.choice([0, 0, 1, 0xabc]))
            t2 = Timestamp(t1.raw * 1e-5 + random.choice([0, 0, 0.00001, 0.001, -0.5, 3600, random.uniform(-100, 100)]))
            t3 = Timestamp(t2.raw * 1e-5 + random.choice([0, 0, 0.00001, 0.001, -0.5, 7200, random.uniform(-100, 100)]))
            shape = random.choice(['1', '2', '3', 'x2', 'x3'])
            if shape == '1':
                enc = encode_timestamps(t1)
            elif shape in ('2', 'x2'):
                enc = encode_timestamps(t1, t2, explicit=shape == 'x2')
            else:
                enc = encode_timestamps(t1, t2, t3, explicit=shape == 'x3')
            d = decode_timestamps(enc)
            out.append([enc] + [[x.raw, x.offset] for x in d])
        print(json.dumps(out))
        """;
    JsonNode cases = new ObjectMapper().readTree(Python.run(script));
    assertThat(cases.size()).isEqualTo(400);
    int withDeltas = 0;
    for (JsonNode c : cases) {
      String encoded = c.get(0).asText();
      withDeltas += encoded.contains("+") || encoded.lastIndexOf('-') > 0 ? 1 : 0;
      RowTimestamps ts = CreatedAt.decode(encoded);
      assertThat(ts.data()).as(encoded).isEqualTo(ts(c.get(1)));
      assertThat(ts.contentType()).as(encoded).isEqualTo(ts(c.get(2)));
      assertThat(ts.meta()).as(encoded).isEqualTo(ts(c.get(3)));
    }
    assertThat(withDeltas).isGreaterThan(100);
  }

  private static SwiftTimestamp ts(JsonNode rawAndOffset) {
    return new SwiftTimestamp(rawAndOffset.get(0).asLong(), rawAndOffset.get(1).asLong());
  }
}
