package io.cloudsync.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.store.StoreFixture;
import io.cloudsync.store.StoreInspector;
import io.cloudsync.store.StoredObject;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.testing.SwiftClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The remote account read with a plain HTTP client ({@link SwiftClient}, not the store's), bound to
 * a per-account store's prefix: {@link StoreFixture#CONTAINER}'s copies are in the remote container
 * {@code <prefix>container}, under their own names, and an SLO's segments in
 * {@code <prefix>container_segments}, whose objects {@link #keys()} lists too (as
 * {@code <segments container>/<name>}), so a copy that leaves segments behind is seen. Swift keeps
 * no manifest copy beside an SLO (the manifest is the object), writes no multipart uploads (a
 * segment no manifest refers to is the closest thing), and knows its limits from {@code /info}.
 */
final class SwiftInspector extends StoreInspector {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SwiftClient plain;
  private final String prefix;
  private final String container;
  private final String segments;

  SwiftInspector(SwiftClient plain, String prefix) {
    this.plain = plain;
    this.prefix = prefix;
    this.container = prefix + StoreFixture.CONTAINER;
    this.segments = SwiftSettings.segmentsContainer(container);
  }

  String container() {
    return container;
  }

  String segmentsContainer() {
    return segments;
  }

  @Override
  public void createBucket() {
    plain.createContainer(container);
  }

  /** Every remote container named with the prefix, emptied and deleted. */
  @Override
  public void removeBucket() {
    for (String name : names(plain.storageUrl() + "?format=json&prefix=" + encode(prefix))) {
      for (String object : names(plain.url(name, null) + "?format=json")) {
        plain.request("DELETE", name, object, Map.of(), null);
      }
      plain.request("DELETE", name, null, Map.of(), null);
    }
  }

  @Override
  public String expectedKey(SwiftPath path) {
    return path.object();
  }

  @Override
  public Optional<String> manifestKey(SwiftPath path) {
    return Optional.empty();
  }

  @Override
  public List<String> keys() {
    List<String> keys = new ArrayList<>(names(plain.url(container, null) + "?format=json"));
    for (String segment : names(plain.url(segments, null) + "?format=json")) {
      keys.add(segments + "/" + segment);
    }
    return keys;
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    HttpResponse<byte[]> head = plain.request("HEAD", container, key, Map.of(), null);
    if (head.statusCode() == 404) {
      return Optional.empty();
    }
    expect2xx(head);
    Map<String, String> metadata = new TreeMap<>();
    head.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith("x-object-meta-")) {
        metadata.put(SwiftNames.headerToUnicode(lower.substring("x-object-meta-".length())),
            SwiftNames.headerToUnicode(values.get(0)));
      }
    });
    String etag = head.headers().firstValue("Etag").orElse("").replace("\"", "");
    String contentType = head.headers().firstValue("Content-Type").orElse(null);
    long size = Long.parseLong(head.headers().firstValue("Content-Length").orElse("0"));
    return Optional.of(new StoredObject(etag, contentType, size, metadata));
  }

  @Override
  public byte[] read(String key) {
    return expect2xx(plain.request("GET", container, key, Map.of(), null)).body();
  }

  @Override
  public void putForeign(String key, byte[] body) {
    plain.put(container, key, body, Map.of());
  }

  /** Segments that no SLO of the container refers to: what a failed copy would leave. */
  @Override
  public List<String> unfinishedUploads() {
    Set<String> used = new HashSet<>();
    for (String name : names(plain.url(container, null) + "?format=json")) {
      HttpResponse<byte[]> manifest = plain.request("GET", plain.url(container, name) + "?multipart-manifest=get",
          Map.of(), null);
      if (manifest.headers().firstValue("X-Static-Large-Object").orElse("").equalsIgnoreCase("true")) {
        for (JsonNode entry : json(manifest.body())) {
          used.add(entry.path("name").asText());
        }
      }
    }
    List<String> unused = new ArrayList<>();
    for (String segment : names(plain.url(segments, null) + "?format=json")) {
      if (!used.contains("/" + segments + "/" + segment)) {
        unused.add(segments + "/" + segment);
      }
    }
    return unused;
  }

  /** The SAIO's {@code max_object_name_length}. */
  @Override
  public int maxKeyBytes() {
    return 1024;
  }

  /** 17 values of 250 bytes: each fits Swift's 256, together 4301 bytes over its 4096. */
  @Override
  public Map<String, String> oversizedMetadata() {
    Map<String, String> big = new TreeMap<>();
    for (int i = 0; i < 17; i++) {
      big.put(String.format("k%02d", i), "v".repeat(250));
    }
    return big;
  }

  @Override
  public List<String> messageWords(Failure failure) {
    return switch (failure) {
      case BAD_DIGEST -> List.of("422", "Unprocessable Entity");
      case WRONG_SECRET -> List.of("401", "Auth GET");
      case MISSING_BUCKET -> List.of("cannot exist", "max_container_name_length");
      case KEY_TOO_LONG -> List.of("1025 UTF-8 bytes", "max_object_name_length");
      case METADATA_TOO_LARGE -> List.of("4301 bytes", "max_meta_overall_size");
    };
  }

  /**
   * A prefix no remote container can have: {@code <prefix><container>} is longer than the SAIO's
   * {@code max_container_name_length} (256), so the store can neither find nor create it.
   */
  @Override
  public String missingBucket(String bucket) {
    return bucket + "-missing-" + "m".repeat(240);
  }

  /** The names of a JSON listing (all pages; a missing container lists nothing). */
  List<String> names(String listingUrl) {
    List<String> names = new ArrayList<>();
    String marker = "";
    while (true) {
      HttpResponse<byte[]> page = plain.request("GET", listingUrl + "&marker=" + encode(marker), Map.of(), null);
      if (page.statusCode() == 404 || page.statusCode() == 204) {
        return names;
      }
      JsonNode entries = json(expect2xx(page).body());
      if (entries.isEmpty()) {
        return names;
      }
      for (JsonNode entry : entries) {
        marker = entry.path("name").asText();
        names.add(marker);
      }
    }
  }

  static JsonNode json(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpResponse<byte[]> expect2xx(HttpResponse<byte[]> response) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(response.request().method() + " " + response.uri() + " -> "
          + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
