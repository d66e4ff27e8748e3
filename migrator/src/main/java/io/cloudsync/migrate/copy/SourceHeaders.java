package io.cloudsync.migrate.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The headers of a local PUT from a source object's read answer (already in Swift terms: user
 * metadata as {@code X-Object-Meta-*}, S3's percent-encoded values decoded by the reader):
 * content type (without Swift's {@code swift_bytes} parameter), user metadata, the content
 * headers Swift keeps, and the ETag when it is a plain MD5 Swift can verify the body against.
 * Large-object markers, times and the remote's own headers are left out.
 */
public final class SourceHeaders {
  private static final Set<String> KEPT = Set.of("content-type", "content-encoding", "content-disposition",
      "content-language", "cache-control", "expires");
  private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern SWIFT_PARAMS = Pattern.compile(";\\s*swift_[a-z_]+=[^;]*");

  private SourceHeaders() {}

  /**
   * @param plain the body is the object's own bytes, so its ETag (if an MD5) can be verified
   */
  public static List<Map.Entry<String, String>> forPut(List<Map.Entry<String, String>> source, boolean plain) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Map.Entry<String, String> h : source) {
      String lower = h.getKey().toLowerCase(Locale.ROOT);
      String value = h.getValue() == null ? "" : h.getValue();
      if (lower.equals("content-type")) {
        out.add(Map.entry("Content-Type", SWIFT_PARAMS.matcher(value).replaceAll("")));
      } else if (KEPT.contains(lower) || lower.startsWith("x-object-meta-")) {
        out.add(Map.entry(h.getKey(), value));
      } else if (lower.equals("etag") && plain && MD5.matcher(value.replace("\"", "")).matches()) {
        out.add(Map.entry("Etag", value.replace("\"", "").toLowerCase(Locale.ROOT)));
      }
    }
    return out;
  }

  /** The first value of a header (case-insensitive), or null. */
  public static String get(List<Map.Entry<String, String>> headers, String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }
}
