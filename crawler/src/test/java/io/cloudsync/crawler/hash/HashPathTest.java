package io.cloudsync.crawler.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.crawler.support.Python;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashPathTest {
  @TempDir
  Path dir;

  @Test
  void upstreamVector() {
    HashPath hash = HashPath.of("changeme", "changeme");

    assertThat(hash.hex("AUTH_test", "c")).isEqualTo("0f65ef68c2db3f0768374d15c9a14cae");
    assertThat(HashPath.hex(hash.digest("AUTH_test", "c"))).isEqualTo("0f65ef68c2db3f0768374d15c9a14cae");
    // part power 10: top 10 bits of 0x0f65ef68
    assertThat(Integer.toUnsignedLong(0x0f65ef68) >>> 22).isEqualTo(61);
  }

  @Test
  void containerAndObjectAreOptionalLikeSwift() {
    HashPath hash = HashPath.of("changeme", "changeme");

    assertThat(hash.hex("AUTH_test", "")).isEqualTo(hash.hex("AUTH_test", null));
    assertThat(hash.hex("AUTH_test", "c", "")).isEqualTo(hash.hex("AUTH_test", "c"));
    assertThatThrownBy(() -> hash.digest("AUTH_test", null, "o")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("container is required");
    assertThatThrownBy(() -> HashPath.of("", "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loadsSwiftConf() throws IOException {
    Path conf = write("""
        [swift-hash]
        swift_hash_path_prefix = changeme
        swift_hash_path_suffix = changeme

        [storage-policy:0]
        name = gold
        """);

    assertThat(HashPath.load(conf).hex("AUTH_test", "c")).isEqualTo("0f65ef68c2db3f0768374d15c9a14cae");
  }

  @Test
  void readsLikePythonConfigParser() throws IOException {
    // option names are case-insensitive, ':' works, '#' and ';' inside values are kept, %% is %
    Path conf = write("""
        # comment
        [DEFAULT]
        swift_hash_path_suffix = from-default
        [swift-hash]
        SWIFT_HASH_PATH_PREFIX: a#b;c\\n 100%%
        """);
    HashPath loaded = HashPath.load(conf);

    assertThat(loaded.hex("AUTH_x", "y")).isEqualTo(HashPath.of("a#b;c\\n 100%", "from-default").hex("AUTH_x", "y"));
  }

  @Test
  void rejectsConfsSwiftWouldReject() throws IOException {
    Path none = write("[swift-hash]\nother = 1\n");
    assertThatThrownBy(() -> HashPath.load(none)).hasMessageContaining(none.toString())
        .hasMessageContaining("sets neither swift_hash_path_prefix nor swift_hash_path_suffix");

    Path noSection = write("[storage-policy:0]\nname = gold\n");
    assertThatThrownBy(() -> HashPath.load(noSection)).hasMessageContaining("no [swift-hash] section");

    Path lonePercent = write("[swift-hash]\nswift_hash_path_suffix = 5%x\n");
    assertThatThrownBy(() -> HashPath.load(lonePercent)).hasMessageContaining("lone '%'");

    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(() -> HashPath.load(missing)).hasMessageContaining(missing.toString())
        .hasMessageContaining("not found");
  }

  @Test
  void matchesSwiftsHashPathForRandomNamesAndNonAsciiSalt() throws Exception {
    Path conf = dir.resolve("swift.conf");
    Files.write(conf, "[swift-hash]\nswift_hash_path_prefix = pr\u00e9fix\u2603\nswift_hash_path_suffix = s#x\n"
        .getBytes(StandardCharsets.UTF_8));
    HashPath hash = HashPath.load(conf);
    Random random = new Random(42);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      names.add(randomName(random));
    }
    String script = """
        import json, sys
        from swift.common import utils
        utils.SWIFT_CONF_FILE = sys.argv[1]
        utils.HASH_PATH_PREFIX = utils.HASH_PATH_SUFFIX = b''
        utils.validate_hash_conf()
        names = json.load(open(sys.argv[2], encoding='utf-8'))
        print(json.dumps([[utils.hash_path('AUTH_t\\u00e9st', n), utils.hash_path('AUTH_test', 'c', n)] for n in names]))
        """;
    Path namesFile = dir.resolve("names.json");
    Files.writeString(namesFile, new ObjectMapper().writeValueAsString(names), StandardCharsets.UTF_8);

    JsonNode expected = new ObjectMapper().readTree(Python.run(script, conf.toString(), namesFile.toString()));

    for (int i = 0; i < names.size(); i++) {
      assertThat(hash.hex("AUTH_t\u00e9st", names.get(i))).as(names.get(i)).isEqualTo(expected.get(i).get(0).asText());
      assertThat(hash.hex("AUTH_test", "c", names.get(i))).isEqualTo(expected.get(i).get(1).asText());
    }
  }

  static String randomName(Random random) {
    String alphabet = "abcXYZ019 -_.%/?#&+\u00e9\u00fc\u4e2d\u6587\u2603";
    StringBuilder sb = new StringBuilder();
    int length = 1 + random.nextInt(20);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    if (random.nextInt(5) == 0) {
      sb.appendCodePoint(0x1F600); // outside the BMP
    }
    return sb.toString();
  }

  private Path write(String text) throws IOException {
    Path file = Files.createTempFile(dir, "swift", ".conf");
    Files.writeString(file, text, StandardCharsets.ISO_8859_1);
    return file;
  }
}
