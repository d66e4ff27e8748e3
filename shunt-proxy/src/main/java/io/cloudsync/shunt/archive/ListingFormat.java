package io.cloudsync.shunt.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Renders a container listing byte for byte as Swift 2.30's {@code listing_formats} middleware
 * does, so spliced listings look exactly like Swift's own:
 * <ul>
 *   <li>JSON: Python's {@code json.dumps} (separators {@code ", "} and {@code ": "}, every
 *       character outside printable ASCII escaped as {@code \\uXXXX}), entries keep their keys in
 *       order;</li>
 *   <li>XML: {@code container_to_xml} through ElementTree: {@code <object>} with {@code name, hash,
 *       bytes, content_type, last_modified}, {@code <subdir name="…"><name>…</name></subdir>}, no
 *       whitespace, {@code <container name="c" />} when empty; other keys (such as
 *       {@code content_location}) are not rendered;</li>
 *   <li>plain: each name or subdir followed by a newline.</li>
 * </ul>
 */
public final class ListingFormat {
  private static final List<String> XML_FIELDS = List.of("name", "hash", "bytes", "content_type", "last_modified");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ListingFormat() {}

  /** An entry lacks a field Swift's renderer needs: Swift would send its JSON answer unchanged. */
  public static final class UnrenderableException extends Exception {
    UnrenderableException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @param contentType one of {@link ListingParams#OFFERS}
   * @param container the container name (for XML)
   */
  public static byte[] render(List<ObjectNode> entries, String contentType, String container)
      throws UnrenderableException {
    return switch (contentType) {
      case "application/json" -> json(entries).getBytes(StandardCharsets.US_ASCII);
      case "application/xml", "text/xml" -> xml(entries, container);
      default -> plain(entries);
    };
  }

  static String json(List<ObjectNode> entries) {
    StringBuilder out = new StringBuilder(entries.size() * 160 + 2);
    out.append('[');
    for (int i = 0; i < entries.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      value(entries.get(i), out);
    }
    return out.append(']').toString();
  }

  private static void value(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      out.append('{');
      boolean first = true;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!first) {
          out.append(", ");
        }
        first = false;
        string(field.getKey(), out);
        out.append(": ");
        value(field.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        value(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else if (node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isBoolean()) {
      out.append(node.booleanValue() ? "true" : "false");
    } else {
      out.append(node.asText());
    }
  }

  /** Python's {@code json.dumps} string with {@code ensure_ascii=True}. */
  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= 0x20 && c <= 0x7e) {
            out.append(c);
          } else {
            out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
          }
        }
      }
    }
    out.append('"');
  }

  static byte[] xml(List<ObjectNode> entries, String container) throws UnrenderableException {
    StringBuilder out = new StringBuilder(entries.size() * 200 + 80);
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container name=\"").append(attribute(container)).append('"');
    if (entries.isEmpty()) {
      out.append(" />");
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }
    out.append('>');
    for (ObjectNode entry : entries) {
      JsonNode subdir = entry.get("subdir");
      if (subdir != null) {
        String name = pythonText(subdir);
        out.append("<subdir name=\"").append(attribute(name)).append("\"><name>").append(text(name))
            .append("</name></subdir>");
        continue;
      }
      out.append("<object>");
      for (String field : XML_FIELDS) {
        JsonNode value = entry.get(field);
        if (value == null) {
          throw new UnrenderableException("listing entry without '" + field + "'");
        }
        out.append('<').append(field).append('>').append(text(pythonText(value))).append("</").append(field).append('>');
      }
      out.append("</object>");
    }
    out.append("</container>");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] plain(List<ObjectNode> entries) throws UnrenderableException {
    StringBuilder out = new StringBuilder(entries.size() * 32);
    for (ObjectNode entry : entries) {
      JsonNode name = entry.has("name") ? entry.get("name") : entry.get("subdir");
      if (name == null) {
        throw new UnrenderableException("listing entry without 'name' or 'subdir'");
      }
      out.append(pythonText(name)).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code six.text_type(value)} of a JSON value. */
  private static String pythonText(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isNull()) {
      return "None";
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "True" : "False";
    }
    return value.asText();
  }

  /** ElementTree's {@code _escape_cdata}. */
  private static String text(String s) {
    if (s.indexOf('&') < 0 && s.indexOf('<') < 0 && s.indexOf('>') < 0) {
      return s;
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** ElementTree's {@code _escape_attrib} (Python 3.11). */
  private static String attribute(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;");
  }
}
