package io.cloudsync.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.largeobject.ManifestException;
import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.metadata.MetadataComparison;
import io.cloudsync.naming.DotSegments;
import io.cloudsync.store.BlockingCalls;
import io.cloudsync.store.InputStreamPublisher;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.store.swift.SwiftSession.Request;
import io.cloudsync.swift.SwiftHttpClients;
import io.cloudsync.swift.SwiftPath;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Reads archived objects and listings from a remote Swift cluster written by {@link SwiftStore}.
 * The remote answers in Swift terms already: object reads pass the client's {@code Range} and
 * {@code If-*} headers and return the answer as it is (status, headers, body streamed with
 * back-pressure), less the hop-by-hop headers and the sync's bookkeeping metadata, with the remote
 * transaction ids as {@code Remote-X-Trans-Id}; an error status comes without its body, explained
 * in {@link ReadResponse#errorDetail()}. Listings are container GETs ({@code format=json}), also
 * descending ({@code reverse=on}).
 *
 * <p>The HTTP client is blocking, so calls run on the reader's own bounded thread pool
 * ({@code maxConnections} threads, also the HTTP pool size); a body holds a thread only while it
 * reads ahead ({@value #PREFETCH} chunks of {@value #CHUNK_SIZE} bytes at most).
 */
public final class SwiftReader implements RemoteReader {
  /** Bytes read from the remote per body chunk. */
  public static final int CHUNK_SIZE = 256 * 1024;
  /** Chunks read ahead of the client's demand (bounds the memory of one read: 1 MiB). */
  public static final int PREFETCH = 4;

  private static final int ERROR_BODY_BYTES = 4096;
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade");
  private static final Set<String> BOOKKEEPING = Set.of("x-object-meta-" + SwiftStore.SLO_ETAG,
      "x-object-meta-" + SwiftStore.DLO_ETAG);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SwiftSettings settings;
  private final SwiftSession session;
  private final BlockingCalls calls;

  public SwiftReader(SwiftSettings settings) {
    this(settings, SwiftSession.of(settings, settings.maxConnections()));
  }

  SwiftReader(SwiftSettings settings, SwiftSession session) {
    this.settings = settings;
    this.session = session;
    this.calls = new BlockingCalls("swift-read", settings.maxConnections(),
        "Swift reader for " + settings.describe() + " is closed");
  }

  @Override
  public Set<StoreFeature> features() {
    return Set.of(StoreFeature.REVERSE_LISTING);
  }

  @Override
  public CompletionStage<ReadResponse> read(SwiftPath path, boolean head, Map<String, String> conditions) {
    return submit(() -> doRead(path, head, conditions));
  }

  @Override
  public CompletionStage<Optional<SloManifest>> manifest(SwiftPath path) {
    return submit(() -> doManifest(path));
  }

  @Override
  public CompletionStage<ListingPage> list(String account, String container, ListingQuery query) {
    return submit(() -> doList(container, query));
  }

  @Override
  public CompletionStage<Optional<List<Map.Entry<String, String>>>> containerHeaders(String account,
      String localContainer) {
    return submit(() -> doContainerHeaders(localContainer));
  }

  private Optional<List<Map.Entry<String, String>>> doContainerHeaders(String localContainer) throws StoreException {
    String container = settings.container(localContainer);
    if (container.isEmpty() || container.indexOf('/') >= 0) {
      return Optional.empty();
    }
    Request head = Request.of("HEAD", container, null);
    String what = "container HEAD of '" + LogSafe.text(container) + "'";
    SwiftAnswer answer = SwiftErrors.call(session, what, head);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (!answer.isSuccess()) {
      throw SwiftErrors.status(what, session.where(head), answer);
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    answer.headers().forEach((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
    return Optional.of(headers);
  }

  /** {@code <auth URL>;<user>;<remote container>} (upstream's format for Swift remotes). */
  @Override
  public String contentLocation(String account, String container) {
    return settings.authUrl() + ";" + settings.user() + ";" + settings.container(container);
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  @Override
  public void close() {
    calls.close();
    session.close();
  }

  @Override
  public String toString() {
    return "SwiftReader[" + describe() + "]";
  }

  // ---------------------------------------------------------------- reads

  private <T> CompletionStage<T> submit(BlockingCalls.Call<T> call) {
    return calls.submit(call);
  }

  /**
   * The remote container of {@code path}, or null when the path cannot have been archived (a dot
   * segment, a container name Swift cannot have, a name longer than the cluster's limit): such a
   * name is answered 404 without a request.
   */
  private String container(SwiftPath path) {
    String container = settings.container(path.container());
    if (DotSegments.in(path) || container.isEmpty() || container.indexOf('/') >= 0) {
      return null;
    }
    int limit;
    try {
      limit = session.limits().maxObjectNameLength();
    } catch (IOException | SwiftRequestFailed e) {
      limit = -1; // the read itself reports what is wrong
    }
    return limit > 0 && path.object().getBytes(StandardCharsets.UTF_8).length > limit ? null : container;
  }

  private ReadResponse doRead(SwiftPath path, boolean head, Map<String, String> conditions) throws StoreException {
    String container = container(path);
    if (container == null) {
      return new ReadResponse(404, List.of(), null);
    }
    Map<String, String> passed = new LinkedHashMap<>();
    conditions.forEach((name, value) -> {
      for (String allowed : CONDITIONAL_HEADERS) {
        if (allowed.equalsIgnoreCase(name) && value != null) {
          passed.put(allowed, value);
        }
      }
    });
    Request request = Request.of(head ? "HEAD" : "GET", container, path.object()).headers(passed);
    String what = "object " + request.method() + " of '" + LogSafe.text(path.object()) + "' in container '"
        + LogSafe.text(container) + "'";
    ClassicHttpResponse response;
    try {
      response = session.open(request);
    } catch (SwiftRequestFailed e) {
      return new ReadResponse(e.status(), List.of(), null, null, "logging in failed: " + e.getMessage());
    } catch (IOException e) {
      throw SwiftErrors.io(what, session.where(request), e);
    }
    int status = response.getCode();
    List<Map.Entry<String, String>> headers = toSwift(response.getHeaders());
    if (status >= 300) {
      return errorAnswer(what, session.where(request), response, headers);
    }
    boolean slo = "true".equalsIgnoreCase(header(headers, "X-Static-Large-Object"));
    String sloEtag = slo ? MetadataComparison.normalizeEtag(header(headers, "Etag")) : null;
    HttpEntity entity = response.getEntity();
    if (head || entity == null) {
      close(response);
      return new ReadResponse(status, headers, null, sloEtag, null);
    }
    InputStream in;
    try {
      in = new FilterInputStream(entity.getContent()) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            response.close();
          }
        }
      };
    } catch (IOException e) {
      close(response);
      throw SwiftErrors.io(what, session.where(request), e);
    }
    Flow.Publisher<ByteBuffer> body = new InputStreamPublisher(in, () -> close(response), calls.executor(), CHUNK_SIZE,
        PREFETCH);
    return new ReadResponse(status, headers, body, sloEtag, null);
  }

  /** An answer other than 2xx: its headers (no body ones), no body, Swift's explanation for the log. */
  private static ReadResponse errorAnswer(String what, URI url, ClassicHttpResponse response,
      List<Map.Entry<String, String>> headers) {
    byte[] start = new byte[0];
    try (response) {
      HttpEntity entity = response.getEntity();
      if (entity != null) {
        try (InputStream in = entity.getContent()) {
          start = in.readNBytes(ERROR_BODY_BYTES);
        }
      }
    } catch (IOException e) {
      // the status is the answer; its explanation is a courtesy
    }
    List<Map.Entry<String, String>> kept = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals("content-length") && !name.equals("content-type")) {
        kept.add(h);
      }
    }
    int status = response.getCode();
    Map<String, List<String>> raw = new LinkedHashMap<>();
    for (Header h : response.getHeaders()) {
      raw.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
    }
    String detail = status < 400 ? null : SwiftErrors.describe(what, url, new SwiftAnswer(status,
        response.getReasonPhrase() == null ? "" : response.getReasonPhrase(), raw, start));
    return new ReadResponse(status, kept, null, null, detail);
  }

  /**
   * A remote object answer's headers as the shunt sends them to a Swift client: hop-by-hop headers
   * and the sync's bookkeeping metadata out, the ETag unquoted (an SLO's comes quoted), the
   * remote transaction ids as {@code Remote-*}; values as received (UTF-8 bytes, one char each).
   */
  static List<Map.Entry<String, String>> toSwift(Header[] raw) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Header h : raw) {
      String name = h.getName();
      String lower = name.toLowerCase(Locale.ROOT);
      String value = h.getValue() == null ? "" : h.getValue();
      if (HOP_BY_HOP.contains(lower) || BOOKKEEPING.contains(lower)) {
        continue;
      }
      if (lower.equals("etag")) {
        out.add(Map.entry(name, MetadataComparison.normalizeEtag(value)));
      } else if (lower.equals("x-trans-id") || lower.equals("x-openstack-request-id")) {
        out.add(Map.entry("Remote-" + name, value));
      } else {
        out.add(Map.entry(name, value));
      }
    }
    return out;
  }

  private static String header(List<Map.Entry<String, String>> headers, String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  private static void close(ClassicHttpResponse response) {
    SwiftHttpClients.closeQuietly(response); // the connection is dropped either way
  }

  // ---------------------------------------------------------------- manifests

  /**
   * The SLO's manifest ({@code ?multipart-manifest=get}), its segment names given back in local
   * terms when {@link SwiftStore} wrote it ({@code /<remote>_segments/<container>/<name>} becomes
   * {@code /<container>/<name>}), so a restore rebuilds the local segments where they were.
   */
  private Optional<SloManifest> doManifest(SwiftPath path) throws StoreException {
    String container = container(path);
    if (container == null) {
      return Optional.empty();
    }
    Request get = Request.of("GET", container, path.object()).query("multipart-manifest", "get");
    String what = "manifest GET of '" + LogSafe.text(path.object()) + "' in container '"
        + LogSafe.text(container) + "'";
    SwiftAnswer answer = SwiftErrors.call(session, what, get);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (!answer.isSuccess()) {
      throw SwiftErrors.status(what, session.where(get), answer);
    }
    if (!answer.header("X-Static-Large-Object").map(v -> v.strip().equalsIgnoreCase("true")).orElse(false)) {
      return Optional.empty();
    }
    byte[] json = answer.body();
    if (json.length > SloManifest.MAX_JSON_BYTES) {
      throw new StoreException(Kind.REJECTED, "Swift " + what + ": the SLO manifest is larger than "
          + SloManifest.MAX_JSON_BYTES + " bytes");
    }
    boolean ours = answer.header("X-Object-Meta-" + SwiftStore.SLO_ETAG).isPresent();
    try {
      return Optional.of(SloManifest.parse(ours ? localNames(json, SwiftSettings.segmentsContainer(container)) : json));
    } catch (ManifestException | IOException e) {
      throw new StoreException(Kind.REJECTED, "Swift " + what + ": " + e.getMessage(), e);
    }
  }

  /** The manifest with {@code /<segments>/<container>/<name>} names turned into {@code /<container>/<name>}. */
  static byte[] localNames(byte[] json, String segments) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (!root.isArray()) {
      return json;
    }
    String prefix = "/" + segments + "/";
    for (JsonNode entry : (ArrayNode) root) {
      String name = entry.path("name").asText("");
      if (entry.isObject() && name.startsWith(prefix) && name.indexOf('/', prefix.length()) > prefix.length()) {
        ((ObjectNode) entry).put("name", "/" + name.substring(prefix.length()));
      }
    }
    return JSON.writeValueAsBytes(root);
  }

  // ---------------------------------------------------------------- listings

  private ListingPage doList(String localContainer, ListingQuery query) throws StoreException {
    String container = settings.container(localContainer);
    if (container.isEmpty() || container.indexOf('/') >= 0) {
      return new ListingPage(List.of(), false, null);
    }
    Request get = Request.of("GET", container, null).query("format", "json")
        .query("limit", String.valueOf(query.limit()));
    if (!query.prefix().isEmpty()) {
      get = get.query("prefix", query.prefix());
    }
    if (query.delimiter() != null) {
      get = get.query("delimiter", query.delimiter());
    }
    if (!query.marker().isEmpty()) {
      get = get.query("marker", query.marker());
    }
    if (query.reverse()) {
      get = get.query("reverse", "on");
    }
    String what = "container GET of '" + LogSafe.text(container) + "'";
    SwiftAnswer answer = SwiftErrors.call(session, what, get);
    if (answer.status() == 404) {
      return new ListingPage(List.of(), false, null);
    }
    if (!answer.isSuccess()) {
      throw SwiftErrors.status(what, session.where(get), answer);
    }
    List<ListingEntry> entries = new ArrayList<>();
    for (JsonNode item : SwiftStore.listing(what, session.where(get), answer)) {
      if (item.has("subdir")) {
        entries.add(ListingEntry.subdir(item.get("subdir").asText()));
      } else {
        entries.add(ListingEntry.object(item.path("name").asText(), item.path("hash").asText(""),
            item.path("bytes").asLong(0), instant(item.path("last_modified").asText(null))));
      }
    }
    boolean truncated = entries.size() >= query.limit();
    return new ListingPage(entries, truncated, truncated ? entries.get(entries.size() - 1).key() : null);
  }

  /** Swift's listing time ({@code 2024-01-02T03:04:05.678900}, UTC). */
  static Instant instant(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
