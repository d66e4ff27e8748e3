package io.cloudsync.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.metadata.MetadataComparison;
import io.cloudsync.naming.DotSegments;
import io.cloudsync.store.BlockingCalls;
import io.cloudsync.store.BodySource;
import io.cloudsync.store.LargeBody;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.store.ParallelParts;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.swift.ObjectHeaders;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.store.swift.SwiftSession.Request;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote Swift cluster as a {@link RemoteStore}, with 1space's semantics for {@code protocol:
 * "swift"} mappings: objects keep their names verbatim in the remote container
 * ({@link SwiftSettings#container}), which is created on first use (a HEAD, and a PUT when it is
 * missing); {@code Content-Type}, {@code X-Object-Meta-*} and the other headers Swift stores
 * ({@link ObjectHeaders}: {@code Content-Encoding}, {@code Content-Disposition}, {@code X-Delete-At}, …)
 * travel (values as UTF-8 bytes); a symlink arrives as a symlink to the same target path. A
 * plain object is one streaming PUT whose {@code ETag} is the local one, so the cluster refuses a
 * body that differs (422, {@link Kind#TRANSIENT}); a metadata change is a POST. Timestamps are not
 * kept: the remote copy is written at the remote cluster's time (keeping {@code X-Timestamp} is
 * container-sync's business, with its sync key, not a user's).
 *
 * <p>Large objects: an SLO arrives as an SLO ({@link SloSegments}): its segments are copied, each
 * streamed with its ETag, {@value #SEGMENT_WINDOW} at a time on this store's pool, into
 * {@code <remote container>_segments/<segment container>/<segment name>} (a segment already there
 * with the same ETag is not sent again), then the manifest is PUT with
 * {@code ?multipart-manifest=put} and the expected SLO ETag, so the remote whole-object GET returns
 * the local bytes and, for whole segments, the local SLO ETag. A DLO arrives as one object holding
 * its joined content. Both record the local Swift ETag in {@value #SLO_ETAG} / {@value #DLO_ETAG}
 * metadata (as the S3 layout does), so the next pass finds them current without reading anything;
 * those keys are bookkeeping, not user metadata, in {@link #head}.
 *
 * <p>Names, metadata and sizes the cluster's {@code /info} says it refuses are {@link Kind#REJECTED}
 * before anything is read. Thread-safe; one pooled HTTP client per store.
 */
public final class SwiftStore implements RemoteStore {
  /** Metadata recording the local manifest ETag of an SLO copy. */
  public static final String SLO_ETAG = "swift-slo-etag";
  /** Metadata recording the Swift ETag of a DLO copy (the MD5 of its segments' ETags, not of its bytes). */
  public static final String DLO_ETAG = "swift-dlo-etag";
  /** Segments of one SLO sent at the same time. */
  static final int SEGMENT_WINDOW = 4;
  /** Names per container listing page: Swift's default {@code container_listing_limit}. */
  static final int LIST_PAGE = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(SwiftStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String META = "x-object-meta-";

  private final SwiftSettings settings;
  private final SwiftSession session;
  private final Set<String> verified = ConcurrentHashMap.newKeySet();
  private final int partThreads;
  private final BlockingCalls segmentPool;

  public SwiftStore(SwiftSettings settings) {
    this(settings, SwiftSession.of(settings, settings.maxConnections()));
  }

  /** A store on a session of the caller's (tests: a session that starts with a given token). */
  SwiftStore(SwiftSettings settings, SwiftSession session) {
    this.settings = settings;
    this.session = session;
    this.partThreads = Math.min(8, Math.max(2, settings.maxConnections()));
    this.segmentPool = new BlockingCalls("swift-segment", partThreads, describe() + " is closed");
  }

  public SwiftSettings settings() {
    return settings;
  }

  // ---------------------------------------------------------------- plain objects

  @Override
  public Optional<RemoteObject> head(SwiftPath path) throws StoreException {
    String container = checkedContainer(path);
    checkObjectName(path, container, "HEAD");
    Request head = Request.of("HEAD", container, path.object()).query("symlink", "get");
    SwiftAnswer answer = call(what("HEAD", path, container), head);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (!answer.isSuccess()) {
      throw SwiftErrors.status(what("HEAD", path, container), session.where(head), answer);
    }
    return Optional.of(remoteObject(answer));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException for an SLO or a DLO: their ETags are not the MD5 of the
   *     content, so they go through {@link #uploadLargeObject} instead
   */
  @Override
  public void upload(SwiftPath path, ObjectMetadata metadata, BodySource body) throws StoreException {
    if (isLargeObject(metadata)) {
      throw new IllegalArgumentException("SwiftStore.upload sends one body with the Swift ETag; large object "
          + path + " needs uploadLargeObject");
    }
    String container = checkedContainer(path);
    checkObjectName(path, container, "PUT");
    checkSize(path, metadata.contentLength());
    Map<String, String> headers = checkedHeaders(path, metadata, null);
    headers.put("ETag", MetadataComparison.normalizeEtag(metadata.etag()));
    ensureContainer(container);
    Request put = Request.of("PUT", container, path.object()).headers(headers)
        .body(() -> new LocalContent(body::open, metadata.contentLength(), false), metadata.contentLength() > 0);
    expectCreated(what("PUT", path, container), put, call(what("PUT", path, container), put), container);
  }

  /**
   * {@inheritDoc} A POST: Swift replaces the user metadata, the content type and the other stored
   * headers, the data stays. A symlink is PUT again instead (Swift's symlink middleware answers a
   * POST to a link with a redirect and never changes its target).
   */
  @Override
  public void updateMetadata(SwiftPath path, ObjectMetadata metadata) throws StoreException {
    if (metadata.symlink()) {
      upload(path, metadata, java.io.InputStream::nullInputStream);
      return;
    }
    String container = checkedContainer(path);
    checkObjectName(path, container, "POST");
    post(path, container, checkedHeaders(path, metadata, null));
  }

  /**
   * {@inheritDoc} One POST; a large object's recorded Swift ETag ({@value #SLO_ETAG} /
   * {@value #DLO_ETAG}) is sent again, since a POST replaces all metadata.
   */
  @Override
  public boolean replaceMetadata(SwiftPath path, Map<String, String> userMetadata, String contentType)
      throws StoreException {
    String container = checkedContainer(path);
    checkObjectName(path, container, "POST");
    Optional<RemoteObject> remote = head(path);
    if (remote.isEmpty()) {
      return false;
    }
    RemoteObject r = remote.get();
    String marker = r.staticLargeObject() && r.sloEtag() != null ? SLO_ETAG : r.dloEtag() != null ? DLO_ETAG : null;
    String etag = SLO_ETAG.equals(marker) ? r.sloEtag() : DLO_ETAG.equals(marker) ? r.dloEtag() : r.etag();
    ObjectMetadata metadata = new ObjectMetadata(etag, contentType != null ? contentType : r.contentType(), r.size(),
        new TreeMap<>(userMetadata), false, null, null);
    post(path, container, checkedHeaders(path, metadata, marker));
    return true;
  }

  private void post(SwiftPath path, String container, Map<String, String> headers) throws StoreException {
    Request post = Request.of("POST", container, path.object()).headers(headers);
    String what = what("POST", path, container);
    SwiftAnswer answer = call(what, post);
    if (answer.status() == 404) {
      throw SwiftErrors.status(Kind.TRANSIENT, what + " (the remote copy is gone; the next pass uploads it)",
          session.where(post), answer);
    }
    if (!answer.isSuccess()) {
      throw SwiftErrors.status(what, session.where(post), answer);
    }
  }

  /**
   * {@inheritDoc} An SLO's manifest is deleted with {@code ?multipart-manifest=delete}, which
   * deletes its segments too (1space); a missing object is fine. A name the cluster cannot hold
   * cannot have been stored, so there is nothing to delete.
   */
  @Override
  public void delete(SwiftPath path) throws StoreException {
    String container = checkedContainer(path);
    int limit = limits(what("DELETE", path, container)).maxObjectNameLength();
    if (limit > 0 && utf8(path.object()) > limit) {
      return;
    }
    ensureContainer(container);
    Optional<RemoteObject> existing = head(path);
    if (existing.isEmpty()) {
      return;
    }
    boolean slo = existing.get().staticLargeObject();
    Request delete = Request.of("DELETE", container, path.object());
    if (slo) {
      delete = delete.query("multipart-manifest", "delete").headers(Map.of("Accept", "application/json"));
    }
    String what = what(slo ? "DELETE (with its segments)" : "DELETE", path, container);
    SwiftAnswer answer = call(what, delete);
    if (answer.status() == 404) {
      return;
    }
    if (!answer.isSuccess()) {
      throw SwiftErrors.status(what, session.where(delete), answer);
    }
    if (slo) {
      checkBulkDelete(what, session.where(delete), answer);
    }
  }

  /** A multipart-manifest delete answers 200 and says in its body what it could not delete. */
  private static void checkBulkDelete(String what, java.net.URI url, SwiftAnswer answer) throws StoreException {
    JsonNode result;
    try {
      result = JSON.readTree(answer.body());
    } catch (IOException e) {
      return; // not JSON: nothing more to learn
    }
    String status = result.path("Response Status").asText("200");
    if (status.startsWith("2") || status.startsWith("404")) {
      return;
    }
    throw new StoreException(status.startsWith("5") ? Kind.TRANSIENT : SwiftErrors.kind(parseStatus(status)),
        "Swift " + what + " (" + url + "): " + status + ": " + result.path("Errors") + " "
        + result.path("Response Body").asText(""));
  }

  private static int parseStatus(String status) {
    try {
      return Integer.parseInt(status.strip().split(" ", 2)[0]);
    } catch (NumberFormatException e) {
      return 500;
    }
  }

  // ---------------------------------------------------------------- large objects

  /**
   * {@inheritDoc} See the class comment. A segment or the manifest that fails deletes the segments
   * this call wrote, so nothing is left behind; segments found already in place are kept.
   */
  @Override
  public void uploadLargeObject(SwiftPath path, ObjectMetadata metadata, LargeBody body) throws StoreException {
    if (!isLargeObject(metadata)) {
      throw new IllegalArgumentException(path + " is not a large object; use upload");
    }
    String container = checkedContainer(path);
    checkObjectName(path, container, "PUT");
    if (metadata.staticLargeObject()) {
      uploadSlo(path, container, metadata, body);
    } else {
      uploadDlo(path, container, metadata, body);
    }
  }

  private void uploadDlo(SwiftPath path, String container, ObjectMetadata metadata, LargeBody body)
      throws StoreException {
    checkSize(path, body.length());
    Map<String, String> headers = checkedHeaders(path, metadata, DLO_ETAG);
    ensureContainer(container);
    // The joined content's MD5 is only known once sent: it is compared with the ETag the cluster
    // answers, and the DLO's ETag is recorded (a POST) only then, so a copy is never current by mistake.
    LocalContent[] sent = new LocalContent[1];
    Map<String, String> plain = new LinkedHashMap<>(headers);
    plain.keySet().removeIf(k -> k.equalsIgnoreCase("X-Object-Meta-" + DLO_ETAG));
    Request put = Request.of("PUT", container, path.object()).headers(plain)
        .body(() -> sent[0] = LocalContent.of(body, 0, body.length(), true), body.length() > 0);
    String what = what("PUT (the DLO's joined content)", path, container);
    SwiftAnswer answer = call(what, put);
    expectCreated(what, put, answer, container);
    verifySent(what, path, container, answer, sent[0].md5());
    post(path, container, headers);
  }

  private void verifySent(String what, SwiftPath path, String container, SwiftAnswer answer, String md5)
      throws StoreException {
    String stored = MetadataComparison.normalizeEtag(answer.header("Etag").orElse(null));
    if (md5 != null && md5.equals(stored)) {
      return;
    }
    deleteQuietly(container, path.object());
    throw new StoreException(Kind.TRANSIENT, "Swift " + what + ": the cluster stored ETag " + stored
        + " but the bytes sent have MD5 " + md5 + "; the copy was deleted");
  }

  private void uploadSlo(SwiftPath path, String container, ObjectMetadata metadata, LargeBody body)
      throws StoreException {
    Map<String, String> headers = checkedHeaders(path, metadata, SLO_ETAG);
    List<SloSegments.Entry> entries;
    try {
      entries = SloSegments.plan(path.object(), body);
    } catch (IOException e) {
      throw new StoreException(Kind.TRANSIENT, "SLO " + path + ": reading its inline data failed: "
          + e.getMessage(), e);
    }
    SwiftLimits limits = limits(what("PUT", path, container));
    if (limits.maxManifestSegments() > 0 && entries.size() > limits.maxManifestSegments()) {
      throw new StoreException(Kind.REJECTED, "SLO " + path + " has " + entries.size() + " segments; the remote"
          + " cluster takes at most " + limits.maxManifestSegments() + " in one manifest (max_manifest_segments)");
    }
    String segments = SwiftSettings.segmentsContainer(container);
    ensureContainer(container);
    ensureContainer(segments);
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    try {
      List<String> etags = ParallelParts.run(segmentPool.executor(), Math.min(SEGMENT_WINDOW, partThreads),
          entries.size(),
          index -> copySegment(path, segments, entries.get(index), body, written),
          "SLO " + path + " segments to " + settings.describe());
      putManifest(path, container, segments, headers, entries, etags);
    } catch (StoreException e) {
      for (String name : written) {
        deleteQuietly(segments, name);
      }
      throw e;
    }
  }

  /** Sends one segment (unless the same bytes are there already) and returns its ETag. */
  private String copySegment(SwiftPath path, String segments, SloSegments.Entry entry, LargeBody body,
      List<String> written) throws StoreException {
    if (entry.inline()) {
      return null;
    }
    String name = entry.name();
    String what = "segment PUT of '" + LogSafe.text(name) + "' in container '" + LogSafe.text(segments) + "' (SLO "
        + path + ")";
    if (entry.md5() != null) {
      Request head = Request.of("HEAD", segments, name);
      SwiftAnswer there = call(what, head);
      if (there.isSuccess() && entry.md5().equals(MetadataComparison.normalizeEtag(there.header("Etag").orElse(null)))
          && String.valueOf(entry.length()).equals(there.header("Content-Length").orElse(""))) {
        return entry.md5();
      }
    }
    LocalContent[] sent = new LocalContent[1];
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/octet-stream");
    if (entry.md5() != null) {
      headers.put("ETag", entry.md5());
    }
    Request put = Request.of("PUT", segments, name).headers(headers)
        .body(() -> sent[0] = LocalContent.of(body, entry.offset(), entry.length(), entry.md5() == null), true);
    SwiftAnswer answer = call(what, put);
    if (answer.isSuccess()) {
      written.add(name);
    }
    expectCreated(what, put, answer, segments);
    if (entry.md5() != null) {
      return entry.md5();
    }
    String md5 = sent[0] == null ? null : sent[0].md5();
    String stored = MetadataComparison.normalizeEtag(answer.header("Etag").orElse(null));
    if (md5 == null || !md5.equals(stored)) {
      throw new StoreException(Kind.TRANSIENT, "Swift " + what + ": the cluster stored ETag " + stored
          + " but the bytes sent have MD5 " + md5);
    }
    return stored;
  }

  private void putManifest(SwiftPath path, String container, String segments, Map<String, String> headers,
      List<SloSegments.Entry> entries, List<String> etags) throws StoreException {
    ArrayNode manifest = JSON.createArrayNode();
    for (int i = 0; i < entries.size(); i++) {
      SloSegments.Entry entry = entries.get(i);
      ObjectNode node = manifest.addObject();
      if (entry.inline()) {
        node.put("data", Base64.getEncoder().encodeToString(entry.data()));
      } else {
        node.put("path", "/" + segments + "/" + entry.name());
        node.put("etag", etags.get(i));
        node.put("size_bytes", entry.length());
      }
    }
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a manifest", e);
    }
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("ETag", SloSegments.sloEtag(entries, etags));
    Request put = Request.of("PUT", container, path.object()).query("multipart-manifest", "put").headers(all)
        .body(() -> new ByteArrayEntity(json, null), false);
    String what = what("manifest PUT", path, container);
    SwiftAnswer answer = call(what, put);
    if (answer.status() == 400) {
      // Swift explains a segment it could not validate (gone, changed meanwhile) with a 400 too.
      String text = SwiftErrors.explanation(answer.body());
      Kind kind = text.contains("Not Found") || text.contains("Mismatch") ? Kind.TRANSIENT : Kind.REJECTED;
      throw SwiftErrors.status(kind, what, session.where(put), answer);
    }
    expectCreated(what, put, answer, container);
  }

  /**
   * {@inheritDoc} A POST of the metadata with the large object's recorded ETag: no data is read or
   * copied, the SLO keeps its segments and its ETag.
   */
  @Override
  public void updateLargeObjectMetadata(SwiftPath path, ObjectMetadata metadata, RemoteObject remote, LargeBody body)
      throws StoreException {
    String container = checkedContainer(path);
    checkObjectName(path, container, "POST");
    post(path, container, checkedHeaders(path, metadata, metadata.staticLargeObject() ? SLO_ETAG : DLO_ETAG));
  }

  // ---------------------------------------------------------------- comparisons

  /**
   * Same data, same user metadata, same content type, same SLO-ness, same other stored headers
   * ({@code Content-Encoding}, {@code X-Delete-At}, a symlink's target, …).
   */
  @Override
  public boolean isCurrent(ObjectMetadata local, RemoteObject remote) {
    return hasSameData(local, remote)
        && local.staticLargeObject() == remote.staticLargeObject()
        && MetadataComparison.sameContentType(local.contentType(), remote.contentType())
        && lowerCaseKeys(local.userMetadata()).equals(remote.userMetadata())
        && local.objectHeaders().equals(remote.objectHeaders());
  }

  /** {@inheritDoc} A symlink's data is its target: another target is another object, sent again. */
  @Override
  public boolean hasSameData(ObjectMetadata local, RemoteObject remote) {
    return RemoteStore.super.hasSameData(local, remote)
        && Objects.equals(symlinkHeaders(local.objectHeaders()), symlinkHeaders(remote.objectHeaders()));
  }

  private static Map<String, String> symlinkHeaders(Map<String, String> headers) {
    Map<String, String> out = new TreeMap<>(headers);
    out.keySet().retainAll(ObjectHeaders.SYMLINK);
    return out;
  }

  /**
   * {@inheritDoc} Also an SLO copy whose SLO ETag is the one the local segments make (written by
   * 1space, or for another version of the manifest listing the same segments): its metadata update
   * records {@value #SLO_ETAG} without sending data.
   */
  @Override
  public boolean hasSameLargeObjectData(ObjectMetadata local, RemoteObject remote, LargeBody body) {
    if (remote.size() != body.length()) {
      return false;
    }
    if (hasSameData(local, remote)) {
      return true;
    }
    return local.staticLargeObject() && remote.staticLargeObject()
        && MetadataComparison.sameEtag(SloSegments.sloEtag(body.pieces()), remote.etag());
  }

  // ---------------------------------------------------------------- listings and checks

  /** {@inheritDoc} Container GETs of {@value #LIST_PAGE} names; a missing container lists nothing. */
  @Override
  public Optional<ListedEtags> listEtags(String account, String container, long maxKeys) throws StoreException {
    String remote = settings.container(container);
    if (remote.isEmpty() || remote.indexOf('/') >= 0) {
      return Optional.of(ListedEtags.NOTHING);
    }
    ListedEtags.Builder listed = new ListedEtags.Builder();
    String marker = "";
    while (true) {
      Request get = Request.of("GET", remote, null).query("format", "json")
          .query("limit", String.valueOf(LIST_PAGE)).query("marker", marker);
      String what = "container GET of '" + LogSafe.text(remote) + "'";
      SwiftAnswer answer = call(what, get);
      if (answer.status() == 404) {
        return Optional.of(listed.build());
      }
      if (!answer.isSuccess()) {
        throw SwiftErrors.status(what, session.where(get), answer);
      }
      JsonNode page = listing(what, session.where(get), answer);
      for (JsonNode entry : page) {
        if (entry.has("name")) {
          marker = entry.get("name").asText();
          listed.add(marker, entry.path("hash").asText(""), lastModified(entry.path("last_modified").asText("")));
        }
      }
      if (listed.size() > maxKeys) {
        return Optional.empty();
      }
      if (page.size() < LIST_PAGE) {
        return Optional.of(listed.build());
      }
    }
  }

  /** A listing's {@code last_modified} ({@code 2026-01-01T00:00:00.000000}, UTC), or null when absent or odd. */
  private static java.time.Instant lastModified(String text) {
    try {
      return text.isEmpty() ? null : java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  static JsonNode listing(String what, java.net.URI url, SwiftAnswer answer) throws StoreException {
    if (answer.status() == 204 || answer.body().length == 0) {
      return JSON.createArrayNode();
    }
    try {
      JsonNode page = JSON.readTree(answer.body());
      if (page.isArray()) {
        return page;
      }
    } catch (IOException e) {
      // reported below
    }
    throw new StoreException(Kind.TRANSIENT, "Swift " + what + " (" + url + "): the answer is not a JSON listing");
  }

  /**
   * {@inheritDoc} For one remote container: a HEAD of it, and a PUT when it is missing (a
   * container the cluster refuses to create is {@link Kind#NO_SUCH_BUCKET}). For a per-account
   * mapping: a HEAD of the account, and a check that the prefix leaves room for a container name.
   */
  @Override
  public void probe() throws StoreException {
    if (!settings.perAccount()) {
      verified.remove(settings.bucket());
      ensureContainer(settings.bucket());
      return;
    }
    Request head = Request.of("HEAD", null, null);
    String what = "account HEAD";
    SwiftAnswer answer = call(what, head);
    if (answer.status() == 404) {
      throw SwiftErrors.status(Kind.NO_SUCH_BUCKET, what, session.where(head), answer);
    }
    if (!answer.isSuccess()) {
      throw SwiftErrors.status(what, session.where(head), answer);
    }
    checkPrefix();
  }

  private void checkPrefix() throws StoreException {
    if (settings.bucket().indexOf('/') >= 0) {
      throw new StoreException(Kind.NO_SUCH_BUCKET, "the remote container prefix '" + settings.bucket()
          + "' holds a '/': no Swift container name can start with it");
    }
    int limit = limits("probe of " + settings.describe()).maxContainerNameLength();
    int bytes = utf8(settings.bucket());
    if (limit > 0 && bytes >= limit) {
      throw new StoreException(Kind.NO_SUCH_BUCKET, "the remote container prefix '" + settings.bucket() + "' is "
          + bytes + " UTF-8 bytes long: no container named with it fits the remote cluster's " + limit
          + " (max_container_name_length)");
    }
  }

  /**
   * Makes sure the remote container exists, once per store: a HEAD, and a PUT when it is missing
   * (a 202 says another writer created it first). A container the cluster will not create (a
   * name it refuses, a user who may not create containers) is {@link Kind#NO_SUCH_BUCKET}.
   */
  private void ensureContainer(String container) throws StoreException {
    if (verified.contains(container)) {
      return;
    }
    checkContainerName(container);
    Request head = Request.of("HEAD", container, null);
    String what = "container HEAD of '" + LogSafe.text(container) + "'";
    SwiftAnswer answer = call(what, head);
    if (answer.isSuccess()) {
      String policy = settings.storagePolicy();
      String actual = answer.header("X-Storage-Policy").orElse(null);
      if (policy != null && actual != null && !actual.equalsIgnoreCase(policy)) {
        LOG.warn("remote container '{}' exists with storage policy '{}', not '{}' (\"storage_policy\" applies to"
            + " containers cloudsync creates; an existing container keeps its policy) ({})", LogSafe.text(container),
            LogSafe.text(actual), LogSafe.text(policy), settings.describe());
      }
      verified.add(container);
      return;
    }
    if (answer.status() != 404) {
      throw SwiftErrors.status(what, session.where(head), answer);
    }
    Request put = Request.of("PUT", container, null);
    String policy = settings.storagePolicy();
    if (policy != null) {
      put = put.headers(Map.of("X-Storage-Policy", SwiftNames.unicodeToHeader(policy)));
    }
    String create = "container PUT of '" + LogSafe.text(container) + "'"
        + (policy == null ? "" : " with X-Storage-Policy '" + LogSafe.text(policy) + "'");
    SwiftAnswer created = call(create, put);
    if (created.isSuccess()) {
      LOG.info("created remote container '{}' ({})", LogSafe.text(container), settings.describe());
      verified.add(container);
      return;
    }
    if (policy != null && created.status() == 400) {
      throw new StoreException(Kind.NO_SUCH_BUCKET, "remote container '" + LogSafe.text(container)
          + "' cannot be created: the remote cluster has no storage policy '" + LogSafe.text(policy)
          + "' (\"storage_policy\" of this mapping; its /info lists the policies it has): "
          + SwiftErrors.describe(create, session.where(put), created));
    }
    Kind kind = SwiftErrors.kind(created.status()) == Kind.TRANSIENT && created.status() != 404
        ? Kind.TRANSIENT : Kind.NO_SUCH_BUCKET;
    throw new StoreException(kind, "remote container '" + LogSafe.text(container) + "' does not exist ("
        + SwiftErrors.describe(what, session.where(head), answer) + ") and cannot be created: "
        + SwiftErrors.describe(create, session.where(put), created));
  }

  private void checkContainerName(String container) throws StoreException {
    if (container.isEmpty() || container.indexOf('/') >= 0) {
      throw new StoreException(Kind.NO_SUCH_BUCKET, "remote container '" + LogSafe.text(container)
          + "' cannot exist: a Swift container name is not empty and holds no '/'");
    }
    int limit = limits("container HEAD of '" + LogSafe.text(container) + "'").maxContainerNameLength();
    int bytes = utf8(container);
    if (limit > 0 && bytes > limit) {
      throw new StoreException(Kind.NO_SUCH_BUCKET, "remote container '" + LogSafe.text(container)
          + "' cannot exist: its name is " + bytes + " UTF-8 bytes long, the remote cluster allows at most " + limit
          + " (max_container_name_length)");
    }
  }

  @Override
  public Set<StoreFeature> features() {
    return EnumSet.of(StoreFeature.METADATA_UPDATE_WITHOUT_BODY, StoreFeature.SYMLINKS);
  }

  @Override
  public int partThreads() {
    return partThreads;
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  @Override
  public void close() {
    segmentPool.close();
    session.close();
  }

  @Override
  public String toString() {
    return "SwiftStore[" + describe() + "]";
  }

  // ---------------------------------------------------------------- helpers

  private SwiftAnswer call(String what, Request request) throws StoreException {
    return SwiftErrors.call(session, what, request);
  }

  /** The cluster's limits, read (and logged in) before the first request: {@code what} that request. */
  private SwiftLimits limits(String what) throws StoreException {
    try {
      return session.limits();
    } catch (SwiftRequestFailed e) {
      throw SwiftErrors.login(what, e);
    } catch (IOException e) {
      throw SwiftErrors.io(what, session.infoUrl(), e);
    }
  }

  /** 201 expected; a 404 means the container went away since it was checked. */
  private void expectCreated(String what, Request request, SwiftAnswer answer, String container)
      throws StoreException {
    if (answer.isSuccess()) {
      return;
    }
    if (answer.status() == 404) {
      verified.remove(container);
      throw SwiftErrors.status(Kind.NO_SUCH_BUCKET, what + " (the remote container is gone; the next attempt"
          + " creates it again)", session.where(request), answer);
    }
    throw SwiftErrors.status(what, session.where(request), answer);
  }

  private void deleteQuietly(String container, String object) {
    try {
      session.call(Request.of("DELETE", container, object));
    } catch (IOException | SwiftRequestFailed | RuntimeException e) {
      LOG.warn("could not delete '{}' in remote container '{}' after a failed upload: {}", LogSafe.text(object),
          LogSafe.text(container), e.getMessage());
    }
  }

  private String checkedContainer(SwiftPath path) throws StoreException {
    if (DotSegments.in(path)) {
      throw new StoreException(Kind.REJECTED, DotSegments.REASON);
    }
    return settings.container(path.container());
  }

  /** @param operation the request about to be sent, for messages */
  private void checkObjectName(SwiftPath path, String container, String operation) throws StoreException {
    int limit = limits(what(operation, path, container)).maxObjectNameLength();
    int bytes = utf8(path.object());
    if (limit > 0 && bytes > limit) {
      throw new StoreException(Kind.REJECTED, "the object name of " + path + " is " + bytes
          + " UTF-8 bytes long; the remote cluster allows at most " + limit + " (max_object_name_length, "
          + settings.describe() + ")");
    }
  }

  private void checkSize(SwiftPath path, long length) throws StoreException {
    long limit = limits("PUT of " + path).maxFileSize();
    if (limit > 0 && length > limit) {
      throw new StoreException(Kind.REJECTED, path + " holds " + length + " bytes; one object of the remote"
          + " cluster holds at most " + limit + " (max_file_size)");
    }
  }

  /**
   * {@code Content-Type} and {@code X-Object-Meta-*} (plus the large object's recorded ETag under
   * {@code marker}), checked against the cluster's metadata limits as Swift counts them (UTF-8
   * bytes of each key after the prefix and of each value).
   */
  private Map<String, String> checkedHeaders(SwiftPath path, ObjectMetadata metadata, String marker)
      throws StoreException {
    SortedMap<String, String> meta = lowerCaseKeys(metadata.userMetadata());
    if (marker != null) {
      meta.put(marker, MetadataComparison.normalizeEtag(metadata.etag()));
    }
    SwiftLimits limits = limits("metadata of " + path);
    long total = 0;
    for (Map.Entry<String, String> e : meta.entrySet()) {
      int key = utf8(e.getKey());
      int value = utf8(e.getValue());
      total += key + value;
      if (limits.maxMetaNameLength() > 0 && key > limits.maxMetaNameLength()) {
        throw rejected(path, "metadata key '" + e.getKey() + "' is " + key + " bytes; the remote cluster allows "
            + limits.maxMetaNameLength() + " (max_meta_name_length)");
      }
      if (limits.maxMetaValueLength() > 0 && value > limits.maxMetaValueLength()) {
        throw rejected(path, "the value of metadata key '" + e.getKey() + "' is " + value + " bytes; the remote"
            + " cluster allows " + limits.maxMetaValueLength() + " (max_meta_value_length)");
      }
    }
    if (limits.maxMetaCount() > 0 && meta.size() > limits.maxMetaCount()) {
      throw rejected(path, "it has " + meta.size() + " metadata items; the remote cluster allows "
          + limits.maxMetaCount() + " (max_meta_count)");
    }
    if (limits.maxMetaOverallSize() > 0 && total > limits.maxMetaOverallSize()) {
      throw rejected(path, "its metadata is " + total + " bytes (keys and values); the remote cluster allows "
          + limits.maxMetaOverallSize() + " (max_meta_overall_size)");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", metadata.contentType());
    meta.forEach((k, v) -> headers.put("X-Object-Meta-" + SwiftNames.unicodeToHeader(k),
        SwiftNames.unicodeToHeader(v)));
    metadata.objectHeaders().forEach((k, v) -> headers.put(ObjectHeaders.wireName(k), SwiftNames.unicodeToHeader(v)));
    return headers;
  }

  private StoreException rejected(SwiftPath path, String why) {
    return new StoreException(Kind.REJECTED, "metadata of " + path + " cannot be stored: " + why + " ("
        + settings.describe() + ")");
  }

  private static SortedMap<String, String> lowerCaseKeys(Map<String, String> metadata) {
    SortedMap<String, String> lower = new TreeMap<>();
    metadata.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return lower;
  }

  /** An object HEAD's answer in Swift terms, the bookkeeping keys taken out of the user metadata. */
  static RemoteObject remoteObject(SwiftAnswer answer) {
    SortedMap<String, String> meta = new TreeMap<>();
    SortedMap<String, String> stored = new TreeMap<>();
    answer.headers().forEach((name, values) -> {
      if (name.startsWith(META) && !values.isEmpty()) {
        meta.put(SwiftNames.headerToUnicode(name.substring(META.length())), SwiftNames.headerToUnicode(values.get(0)));
      } else if (ObjectHeaders.carried(name) && !values.isEmpty()) {
        stored.put(name.toLowerCase(Locale.ROOT), SwiftNames.headerToUnicode(values.get(0)));
      }
    });
    String sloEtag = meta.remove(SLO_ETAG);
    String dloEtag = meta.remove(DLO_ETAG);
    String contentType = answer.header("Content-Type").map(SwiftStore::withoutSwiftBytes).orElse(null);
    long size = answer.header("Content-Length").map(v -> Long.parseLong(v.strip())).orElse(0L);
    boolean slo = answer.header("X-Static-Large-Object").map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    return new RemoteObject(MetadataComparison.normalizeEtag(answer.header("Etag").orElse(null)), contentType, size,
        meta, sloEtag == null ? null : MetadataComparison.normalizeEtag(sloEtag), slo, lastModified(answer),
        dloEtag == null ? null : MetadataComparison.normalizeEtag(dloEtag), null, stored);
  }

  private static Instant lastModified(SwiftAnswer answer) {
    Optional<String> timestamp = answer.header("X-Timestamp");
    if (timestamp.isPresent()) {
      try {
        double seconds = Double.parseDouble(timestamp.get().strip());
        long whole = (long) seconds;
        return Instant.ofEpochSecond(whole, Math.round((seconds - whole) * 1e9));
      } catch (NumberFormatException e) {
        // fall back to Last-Modified
      }
    }
    try {
      return answer.header("Last-Modified")
          .map(v -> ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).orElse(null);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String withoutSwiftBytes(String contentType) {
    int at = contentType.indexOf(";swift_bytes=");
    return at < 0 ? contentType : contentType.substring(0, at);
  }

  private static boolean isLargeObject(ObjectMetadata metadata) {
    return metadata.staticLargeObject() || metadata.objectManifest() != null;
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String what(String operation, SwiftPath path, String container) {
    return "object " + operation + " of '" + LogSafe.text(path.object()) + "' in container '"
        + LogSafe.text(container) + "'";
  }
}
