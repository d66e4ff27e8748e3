package io.cloudsync.crawler.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.crawler.support.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentTypesTest {
  private static final List<String> TYPES = List.of(
      "text/plain",
      "application/octet-stream;swift_bytes=1048576",
      "text/plain; charset=UTF-8;swift_bytes=12",
      "text/plain;swift_bytes=12; charset=\"utf-8\"",
      "application/x-foo ; a=b ; swift_bytes = 7 ; c",
      "text/plain;swift_bytes=",
      "image/png;swift_bytes=abc");

  @TempDir
  Path dir;

  @Test
  void stripsSwiftBytesLikeSwift() throws Exception {
    Path input = dir.resolve("types.json");
    Files.writeString(input, new ObjectMapper().writeValueAsString(TYPES));
    JsonNode expected = new ObjectMapper().readTree(Python.run("""
        import json, sys
        from swift.common.utils import extract_swift_bytes
        print(json.dumps([list(extract_swift_bytes(t)) for t in json.load(open(sys.argv[1]))]))
        """, input.toString()));

    for (int i = 0; i < TYPES.size(); i++) {
      ContentTypes.Split split = ContentTypes.split(TYPES.get(i));
      JsonNode swift = expected.get(i);
      if (swift.get(1).isNull()) {
        // no swift_bytes: Swift would normalise the parameters, we keep the text as stored
        assertThat(split).isEqualTo(new ContentTypes.Split(TYPES.get(i), null));
      } else {
        assertThat(split.contentType()).as(TYPES.get(i)).isEqualTo(swift.get(0).asText());
        assertThat(split.swiftBytes()).as(TYPES.get(i)).isEqualTo(swift.get(1).asText());
      }
    }
  }
}
