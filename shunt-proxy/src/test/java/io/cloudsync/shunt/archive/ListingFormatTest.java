package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected bodies were produced by Python 3.11 with Swift 2.30's listing_formats functions. */
class ListingFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<ObjectNode> entries() throws Exception {
    String json = "[{\"bytes\": 2, \"hash\": \"h\", \"name\": \"z<&>\\\"'\\t\\n\\r \\u00e9\\ud83d\\ude00\\u0001\\u007f\\u2028\","
        + " \"content_type\": \"a/b\", \"last_modified\": \"2026\"}, {\"subdir\": \"d\\\"<&>\\t\\n/\"},"
        + " {\"bytes\": 0, \"hash\": null, \"name\": \"t\", \"content_type\": \"x\", \"last_modified\": true,"
        + " \"content_location\": \"e;b;p/\"}]";
    List<ObjectNode> out = new ArrayList<>();
    JSON.readTree(json).forEach(n -> out.add((ObjectNode) n));
    return out;
  }

  @Test
  void jsonIsPythonsJsonDumps() throws Exception {
    assertThat(ListingFormat.json(entries())).isEqualTo(
        "[{\"bytes\": 2, \"hash\": \"h\", \"name\": \"z<&>\\\"'\\t\\n\\r \\u00e9\\ud83d\\ude00\\u0001\\u007f\\u2028\","
            + " \"content_type\": \"a/b\", \"last_modified\": \"2026\"}, {\"subdir\": \"d\\\"<&>\\t\\n/\"},"
            + " {\"bytes\": 0, \"hash\": null, \"name\": \"t\", \"content_type\": \"x\", \"last_modified\": true,"
            + " \"content_location\": \"e;b;p/\"}]");
    assertThat(ListingFormat.json(List.of())).isEqualTo("[]");
  }

  @Test
  void xmlIsSwiftsContainerToXml() throws Exception {
    byte[] xml = ListingFormat.render(entries(), "application/xml", "c\"<&>\t\n\r \u00e9");
    assertThat(new String(xml, StandardCharsets.UTF_8)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<container name=\"c&quot;&lt;&amp;&gt;&#09;&#10;&#13; \u00e9\"><object><name>z&lt;&amp;&gt;\"'\t\n\r "
        + "\u00e9\ud83d\ude00\u0001\u007f\u2028</name><hash>h</hash><bytes>2</bytes><content_type>a/b</content_type>"
        + "<last_modified>2026</last_modified></object><subdir name=\"d&quot;&lt;&amp;&gt;&#09;&#10;/\"><name>"
        + "d\"&lt;&amp;&gt;\t\n/</name></subdir><object><name>t</name><hash>None</hash><bytes>0</bytes>"
        + "<content_type>x</content_type><last_modified>True</last_modified></object></container>");
    assertThat(new String(ListingFormat.render(List.of(), "text/xml", "c"), StandardCharsets.UTF_8))
        .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container name=\"c\" />");
  }

  @Test
  void plainIsOneNameOrSubdirPerLine() throws Exception {
    assertThat(new String(ListingFormat.render(entries(), "text/plain", "c"), StandardCharsets.UTF_8))
        .isEqualTo("z<&>\"'\t\n\r \u00e9\ud83d\ude00\u0001\u007f\u2028\nd\"<&>\t\n/\nt\n");
    assertThat(ListingFormat.render(List.of(), "text/plain", "c")).isEmpty();
  }

  @Test
  void anEntryWithoutAFieldSwiftNeedsCannotBeRendered() throws Exception {
    ObjectNode odd = JSON.createObjectNode().put("name", "n");
    assertThatThrownBy(() -> ListingFormat.render(List.of(odd), "application/xml", "c"))
        .isInstanceOf(ListingFormat.UnrenderableException.class);
  }
}
