package io.cloudsync.largeobject;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Static Large Object's manifest as Swift stores it (what the internal proxy returns for a GET
 * of the manifest, there being no slo filter in its pipeline): a JSON list of
 * {@code {"name": "/<container>/<object>", "bytes", "hash", "range"?, "sub_slo"?}} and
 * {@code {"data": "<base64>"}} entries. The raw bytes are kept because the S3 layout stores them
 * unchanged beside the object (swift-s3-sync's {@code .manifests} copy).
 *
 * @param json the manifest exactly as read; never modified
 * @param entries the parsed entries, in order
 */
public record SloManifest(byte[] json, List<SloEntry> entries) {
  /** Swift's own default {@code max_manifest_size} is 8 MiB; anything much larger is not a manifest. */
  public static final int MAX_JSON_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();
  private static final Pattern RANGE = Pattern.compile("\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

  public SloManifest {
    entries = List.copyOf(entries);
  }

  /** Bytes of the large object's content: the sum of the entries' lengths. */
  public long contentLength() {
    long total = 0;
    for (SloEntry entry : entries) {
      total += entry.length();
    }
    return total;
  }

  /**
   * The manifest's own ETag: the MD5 of its stored JSON. Swift reports it for the manifest object
   * where no slo middleware runs (the internal proxy; {@code X-Manifest-Etag} on the public proxy),
   * and the sync records it as {@code swift-slo-etag}, so it tells which version a manifest is.
   */
  public String manifestEtag() {
    return HexFormat.of().formatHex(md5().digest(json));
  }

  /**
   * The SLO's ETag as the public proxy reports it (Swift's slo middleware rule): the MD5 of the
   * entries' {@code hash} values concatenated, a ranged entry as {@code hash:first-last;}, inline
   * data as the hex MD5 of its bytes.
   */
  public String sloEtag() {
    MessageDigest digest = md5();
    for (SloEntry entry : entries) {
      String part;
      if (entry instanceof SloEntry.Segment s) {
        boolean whole = s.firstByte() == 0 && s.length() == s.objectBytes();
        part = whole ? s.hash() : s.hash() + ":" + s.firstByte() + "-" + (s.firstByte() + s.length() - 1) + ";";
      } else {
        part = HexFormat.of().formatHex(md5().digest(((SloEntry.Data) entry).bytes()));
      }
      digest.update(part.getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  /**
   * Parses a raw manifest, entry by entry (a 10,000-entry manifest never becomes one big JSON tree).
   *
   * @throws ManifestException when the text is not a manifest Swift could have stored
   */
  public static SloManifest parse(byte[] json) throws ManifestException {
    List<SloEntry> entries = new ArrayList<>();
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new ManifestException("the manifest is not a JSON list");
      }
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        JsonNode node = MAPPER.readTree(parser);
        entries.add(entry(node, entries.size()));
      }
      if (parser.currentToken() != JsonToken.END_ARRAY) {
        throw new ManifestException("manifest entry " + entries.size() + " is not a JSON object");
      }
    } catch (IOException e) {
      throw new ManifestException("the manifest is not valid JSON: " + e.getMessage(), e);
    }
    if (entries.isEmpty()) {
      throw new ManifestException("the manifest lists no segments");
    }
    return new SloManifest(json, entries);
  }

  private static SloEntry entry(JsonNode node, int index) throws ManifestException {
    if (node.hasNonNull("data")) {
      try {
        return new SloEntry.Data(Base64.getDecoder().decode(node.get("data").asText()));
      } catch (IllegalArgumentException e) {
        throw new ManifestException("manifest entry " + index + ": 'data' is not base64", e);
      }
    }
    String name = node.path("name").asText("");
    int slash = name.indexOf('/', 1);
    if (!name.startsWith("/") || slash < 2 || slash == name.length() - 1) {
      throw new ManifestException("manifest entry " + index + ": segment name '" + name
          + "' is not /<container>/<object>");
    }
    if (!node.path("bytes").canConvertToLong() || node.get("bytes").asLong() < 0) {
      throw new ManifestException("manifest entry " + index + " (" + name + ") has no valid 'bytes'");
    }
    long bytes = node.get("bytes").asLong();
    String hash = node.path("hash").asText("").toLowerCase(java.util.Locale.ROOT);
    if (hash.isEmpty()) {
      throw new ManifestException("manifest entry " + index + " (" + name + ") has no 'hash'");
    }
    long first = 0;
    long length = bytes;
    if (node.hasNonNull("range")) {
      long[] range = range(node.get("range").asText(), bytes, index, name);
      first = range[0];
      length = range[1] - range[0] + 1;
    }
    String contentType = node.hasNonNull("content_type") ? node.get("content_type").asText() : null;
    return new SloEntry.Segment(name.substring(1, slash), name.substring(slash + 1), bytes, hash, first,
        length, node.path("sub_slo").asBoolean(false), contentType);
  }

  /** {@code [first, last]} of a range as Swift writes it ({@code a-b}, also {@code a-} and {@code -n}). */
  private static long[] range(String text, long size, int index, String name) throws ManifestException {
    Matcher m = RANGE.matcher(text);
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      throw new ManifestException("manifest entry " + index + " (" + name + "): range '" + text + "' is invalid");
    }
    try {
      long first;
      long last;
      if (m.group(1).isEmpty()) {
        first = Math.max(0, size - Long.parseLong(m.group(2)));
        last = size - 1;
      } else {
        first = Long.parseLong(m.group(1));
        last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      }
      if (first > last) {
        throw new ManifestException("manifest entry " + index + " (" + name + "): range '" + text
            + "' is empty for a " + size + "-byte segment");
      }
      return new long[] {first, last};
    } catch (NumberFormatException e) {
      throw new ManifestException("manifest entry " + index + " (" + name + "): range '" + text + "' is invalid", e);
    }
  }
}
