package io.cloudsync.crawler.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.crawler.support.Python;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowOwnershipTest {
  @TempDir
  Path dir;

  @Test
  void knownValues() {
    // sha1("a") = 86f7e437faa5a7fce15d1ddcb9eaeaea377667b8 -> 0x7667b8 = 7759800
    assertThat(RowOwnership.ownerIndex("a", 3)).isEqualTo(7759800 % 3).isEqualTo(0);
    // sha1("foo") = 0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33 -> 0xda8a33 = 14322227
    assertThat(RowOwnership.ownerIndex("foo", 3)).isEqualTo(14322227 % 3).isEqualTo(2);
    assertThat(RowOwnership.owns("foo", 2, 3)).isTrue();
    assertThat(RowOwnership.owns("foo", 0, 3)).isFalse();
    assertThat(RowOwnership.ownerIndex("anything", 1)).isZero();
  }

  @Test
  void rejectsBadCounts() {
    assertThatThrownBy(() -> RowOwnership.ownerIndex("a", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RowOwnership.owns("a", 3, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void matchesPythonForUnicodeNames() throws Exception {
    Random random = new Random(3);
    List<String> names = new ArrayList<>();
    String alphabet = "abcXYZ019 /-_.%?\u00e9\u00fc\u4e2d\u2603";
    for (int i = 0; i < 300; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0, n = 1 + random.nextInt(30); j < n; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (i % 7 == 0) {
        sb.appendCodePoint(0x1F4A9);
      }
      names.add(sb.toString());
    }
    Path input = dir.resolve("names.json");
    Files.writeString(input, new ObjectMapper().writeValueAsString(names), StandardCharsets.UTF_8);
    // container-crawler >= 0.1.4: int(hashlib.sha1(row['name'].encode('utf-8')).hexdigest()[-6:], 16) % nodes_count
    JsonNode expected = new ObjectMapper().readTree(Python.run("""
        import hashlib, json, sys
        names = json.load(open(sys.argv[1], encoding='utf-8'))
        print(json.dumps([[int(hashlib.sha1(n.encode('utf-8')).hexdigest()[-6:], 16) % c for c in (1, 2, 3, 4, 5)]
                          for n in names]))
        """, input.toString()));

    int[] perNode = new int[3];
    for (int i = 0; i < names.size(); i++) {
      for (int c = 1; c <= 5; c++) {
        assertThat(RowOwnership.ownerIndex(names.get(i), c)).as("%s of %d", names.get(i), c)
            .isEqualTo(expected.get(i).get(c - 1).asInt());
      }
      perNode[RowOwnership.ownerIndex(names.get(i), 3)]++;
    }
    assertThat(java.util.Arrays.stream(perNode).min().orElseThrow()).isGreaterThan(60);
  }
}
