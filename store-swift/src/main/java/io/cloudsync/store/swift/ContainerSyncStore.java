package io.cloudsync.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.metadata.MetadataComparison;
import io.cloudsync.naming.DotSegments;
import io.cloudsync.store.BodySource;
import io.cloudsync.store.ContainerSyncTarget;
import io.cloudsync.store.LargeBody;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.swift.ObjectHeaders;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.swift.SwiftTimestamp;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * A remote Swift container written as Swift's container-sync writes it ({@code X-Container-Sync-To}
 * on the local container, top-level {@code sync_to_header}): requests authenticated by the
 * container's sync key ({@link SignedContainer}), names kept, and {@code X-Timestamp} kept on every
 * PUT, POST and DELETE, so the remote object servers decide by time: last writer wins, an older
 * write answers 202 (PUT) or 409 and is a success here, chains and two-way pairs converge.
 *
 * <p>Better than Swift's daemon where it costs nothing in compatibility: a metadata-only change is
 * a POST carrying the new time (Swift re-sends the body; a symlink is PUT again, as a POST cannot
 * change a link); a remote copy whose {@code X-Timestamp}
 * is at least the row's needs no local read at all ({@link #holdsWriteOf}).
 *
 * <p>Large objects follow Swift's rule: an SLO manifest is sent raw (its JSON as stored, with
 * {@code X-Static-Large-Object}; the remote {@code container_sync} middleware lets it in under
 * {@code swift.slo_override}), a DLO as its manifest object ({@code X-Object-Manifest}); their
 * segments arrive by syncing the segment container under the same name. Nothing is created: a
 * missing remote container is an error of the whole container ({@link Kind#NO_SUCH_BUCKET}), as a
 * refused signature is ({@link Kind#AUTH}).
 */
public final class ContainerSyncStore implements RemoteStore {
  private static final String META = "x-object-meta-";
  private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

  private final ContainerSyncTarget target;
  private final SignedContainer container;
  private final Clock clock;

  public ContainerSyncStore(ContainerSyncTarget target) {
    this(target, Clock.systemUTC());
  }

  /** @param clock the time of a delete that has no tombstone time ({@link #delete(SwiftPath)}) */
  public ContainerSyncStore(ContainerSyncTarget target, Clock clock) {
    this.target = target;
    this.container = new SignedContainer(target);
    this.clock = clock;
  }

  /**
   * {@inheritDoc} Legacy form: always empty, without a request. Swift's proxy lets a sync-key
   * request in only for PUT and DELETE (the object controller sets {@code swift_sync_key} for those
   * alone), so a HEAD is refused (401); every live row is then a PUT carrying its time, and the
   * remote object servers keep the newer write (an older PUT answers 202).
   */
  @Override
  public Optional<RemoteObject> head(SwiftPath path) throws StoreException {
    String name = checkedName(path);
    if (!target.signed()) {
      return Optional.empty();
    }
    SwiftAnswer answer = call("HEAD", name, null, Map.of(), null, "symlink=get");
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (!answer.isSuccess()) {
      throw failure("HEAD", name, answer);
    }
    return Optional.of(remoteObject(answer));
  }

  /**
   * {@inheritDoc} A signed listing of the remote container, so that a first sync PUTs the objects
   * the remote lacks without a HEAD each (a HEAD of a missing object costs the remote a lookup on
   * every replica). A name listed with the same ETag is still HEADed: the row's time and metadata
   * decide, and the listing does not carry them. Legacy form: empty (its key opens PUT and DELETE
   * only).
   */
  @Override
  public Optional<ListedEtags> listEtags(String account, String containerName, long maxKeys) throws StoreException {
    if (!target.signed()) {
      return Optional.empty();
    }
    ListedEtags.Builder listed = new ListedEtags.Builder();
    String marker = "";
    while (true) {
      SwiftAnswer answer;
      try {
        answer = container.listing(marker, SwiftStore.LIST_PAGE);
      } catch (IOException e) {
        throw SwiftErrors.io("container GET", container.url(null), e);
      }
      if (!answer.isSuccess()) {
        throw failure("container GET", null, answer);
      }
      JsonNode page = SwiftStore.listing("container GET", container.url(null), answer);
      for (JsonNode entry : page) {
        if (entry.has("name")) {
          marker = entry.get("name").asText();
          listed.add(marker, entry.path("hash").asText(""));
        }
      }
      if (listed.size() > maxKeys) {
        return Optional.empty();
      }
      if (page.size() < SwiftStore.LIST_PAGE) {
        return Optional.of(listed.build());
      }
    }
  }

  @Override
  public void upload(SwiftPath path, ObjectMetadata metadata, BodySource body) throws StoreException {
    if (metadata.staticLargeObject() || metadata.objectManifest() != null) {
      throw new IllegalArgumentException(path + " is a large object; use uploadLargeObject");
    }
    String name = checkedName(path);
    Map<String, String> headers = headers(metadata);
    headers.put("ETag", MetadataComparison.normalizeEtag(metadata.etag()));
    long length = metadata.contentLength();
    put(name, metadata, headers, () -> new LocalContent(body::open, length, false));
  }

  @Override
  public void uploadLargeObject(SwiftPath path, ObjectMetadata metadata, LargeBody body) throws StoreException {
    String name = checkedName(path);
    Map<String, String> headers = headers(metadata);
    if (metadata.staticLargeObject()) {
      byte[] manifest = body.manifestJson().orElseThrow(() -> new IllegalArgumentException(path + ": no manifest"));
      String md5 = md5(manifest);
      if (!md5.equals(MetadataComparison.normalizeEtag(metadata.etag()))) {
        throw new StoreException(Kind.TRANSIENT, "SLO " + path + " changed while being synced (manifest ETag "
            + metadata.etag() + ", read " + md5 + ")");
      }
      headers.put("X-Static-Large-Object", "True");
      headers.put("ETag", md5);
      put(name, metadata, headers, () -> new ByteArrayEntity(manifest, null));
    } else {
      headers.put("ETag", EMPTY_MD5);
      put(name, metadata, headers, () -> new ByteArrayEntity(new byte[0], null));
    }
  }

  private void put(String name, ObjectMetadata metadata, Map<String, String> headers, Supplier<HttpEntity> body)
      throws StoreException {
    SwiftAnswer answer = call("PUT", name, timestamp(name, metadata).normal(), headers, body);
    if (!answer.isSuccess() && answer.status() != 409) { // 202: the remote holds a newer write, it wins
      throw failure("PUT", name, answer);
    }
  }

  /** {@inheritDoc} A POST with the object's time (realm form only: the legacy form never finds a copy to update). */
  @Override
  public void updateMetadata(SwiftPath path, ObjectMetadata metadata) throws StoreException {
    if (metadata.symlink()) { // a POST to a link is redirected by Swift's symlink middleware: PUT it again
      upload(path, metadata, java.io.InputStream::nullInputStream);
      return;
    }
    String name = checkedName(path);
    SwiftAnswer answer = call("POST", name, timestamp(name, metadata).normal(), headers(metadata), null);
    if (answer.status() == 404) {
      throw new StoreException(Kind.TRANSIENT, describe("POST", name, answer)
          + " (the remote copy is gone; the next attempt uploads it)");
    }
    if (!answer.isSuccess() && answer.status() != 409) {
      throw failure("POST", name, answer);
    }
  }

  @Override
  public void updateLargeObjectMetadata(SwiftPath path, ObjectMetadata metadata, RemoteObject remote, LargeBody body)
      throws StoreException {
    updateMetadata(path, metadata);
  }

  @Override
  public void delete(SwiftPath path) throws StoreException {
    delete(path, SwiftTimestamp.ofInstant(clock.instant()));
  }

  /** {@inheritDoc} With {@code when} as {@code X-Timestamp}: 404 (nothing there) and 409 (newer there) are fine. */
  @Override
  public void delete(SwiftPath path, SwiftTimestamp when) throws StoreException {
    String name = checkedName(path);
    SwiftAnswer answer = call("DELETE", name, when.internal(), Map.of(), null);
    if (!answer.isSuccess() && answer.status() != 404 && answer.status() != 409) {
      throw failure("DELETE", name, answer);
    }
  }

  /** Remote {@code X-Timestamp} at least the row's newest time: that write, or a newer one, is there. */
  @Override
  public boolean holdsWriteOf(RemoteObject remote, SwiftTimestamp rowTime) {
    return remote.timestamp() != null && remote.timestamp().compareTo(rowTime) >= 0;
  }

  /** Last writer wins: the remote copy is current when it is at least as new as the local object. */
  @Override
  public boolean isCurrent(ObjectMetadata local, RemoteObject remote) {
    return local.timestamp() != null && remote.timestamp() != null && remote.timestamp().compareTo(local.timestamp()) >= 0;
  }

  /**
   * {@inheritDoc} A signed HEAD of the remote container: a refused signature (the two containers'
   * sync keys or the realm keys differ) or a missing container stops this container's sync for the
   * pass, with a message naming the remote container.
   */
  @Override
  public void probe() throws StoreException {
    if (!target.signed()) {
      return; // nothing but PUT and DELETE accepts a sync key: no cheap request can tell
    }
    SwiftAnswer answer = call("HEAD", null, null, Map.of(), null);
    if (answer.status() == 404 && target.signed()) {
      throw new StoreException(Kind.NO_SUCH_BUCKET, describe("container HEAD", null, answer)
          + ": the remote container does not exist (container-sync never creates it)");
    }
    if (!answer.isSuccess() && answer.status() != 404) {
      throw failure("container HEAD", null, answer);
    }
  }

  @Override
  public Set<StoreFeature> features() {
    return EnumSet.of(StoreFeature.METADATA_UPDATE_WITHOUT_BODY, StoreFeature.SYMLINKS);
  }

  @Override
  public String describe() {
    return "container-sync to " + container.containerUrl() + (target.signed() ? " (realm " + target.realm() + ")"
        : " (sync key)");
  }

  @Override
  public void close() {
    container.close();
  }

  @Override
  public String toString() {
    return "ContainerSyncStore[" + describe() + "]";
  }

  // ---------------------------------------------------------------- helpers

  private SwiftAnswer call(String method, String name, String xTimestamp, Map<String, String> headers,
      Supplier<HttpEntity> body) throws StoreException {
    return call(method, name, xTimestamp, headers, body, null);
  }

  private SwiftAnswer call(String method, String name, String xTimestamp, Map<String, String> headers,
      Supplier<HttpEntity> body, String query) throws StoreException {
    try {
      return container.call(method, name, query, xTimestamp, headers, body);
    } catch (IOException e) {
      throw SwiftErrors.io(what(method, name), container.url(name), e);
    }
  }

  private static SwiftTimestamp timestamp(String name, ObjectMetadata metadata) throws StoreException {
    if (metadata.timestamp() == null) {
      throw new StoreException(Kind.TRANSIENT, "local Swift did not tell the X-Timestamp of '" + LogSafe.text(name)
          + "'; without it the write cannot keep its time");
    }
    return metadata.timestamp();
  }

  /**
   * {@code Content-Type}, {@code X-Object-Meta-*} (UTF-8 on the wire), a DLO's
   * {@code X-Object-Manifest}, and the other headers Swift stores ({@link ObjectHeaders}: what
   * Swift's container-sync sends from its GET and the remote keeps, a symlink's target included).
   */
  private static Map<String, String> headers(ObjectMetadata metadata) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", metadata.contentType());
    metadata.userMetadata().forEach((k, v) -> headers.put("X-Object-Meta-" + SwiftNames.unicodeToHeader(k),
        SwiftNames.unicodeToHeader(v)));
    if (metadata.objectManifest() != null) {
      headers.put("X-Object-Manifest", SwiftNames.unicodeToHeader(metadata.objectManifest()));
    }
    metadata.objectHeaders().forEach((k, v) -> headers.put(ObjectHeaders.wireName(k), SwiftNames.unicodeToHeader(v)));
    return headers;
  }

  private String checkedName(SwiftPath path) throws StoreException {
    if (DotSegments.in(path)) {
      throw new StoreException(Kind.REJECTED, DotSegments.REASON);
    }
    return path.object();
  }

  private StoreException failure(String method, String name, SwiftAnswer answer) {
    int status = answer.status();
    Kind kind = status == 404 ? Kind.NO_SUCH_BUCKET : SwiftErrors.kind(status);
    String message = describe(method, name, answer);
    if (status == 401) {
      message += target.signed()
          ? " (the remote refused the X-Container-Sync-Auth signature: the X-Container-Sync-Key of the two"
              + " containers, or the key of realm " + target.realm() + ", differ)"
          : " (the remote refused X-Container-Sync-Key: the two containers' keys differ, or the remote proxy's"
              + " gatekeeper moves client X-Timestamp headers aside (shunt_inbound_x_timestamp), which leaves"
              + " tempauth/keystoneauth nothing to accept the key with: the legacy form needs"
              + " shunt_inbound_x_timestamp = false there, or use a realm)";
    } else if (status == 404) {
      message += " (the remote container does not exist; container-sync never creates it)";
    }
    return new StoreException(kind, message);
  }

  private String describe(String method, String name, SwiftAnswer answer) {
    return SwiftErrors.describe(what(method, name), container.url(name), answer);
  }

  private static String what(String method, String name) {
    return name == null ? method : "object " + method + " of '" + LogSafe.text(name) + "'";
  }

  /** A HEAD's answer in Swift terms, with the remote {@code X-Timestamp}. */
  static RemoteObject remoteObject(SwiftAnswer answer) {
    java.util.SortedMap<String, String> meta = new java.util.TreeMap<>();
    answer.headers().forEach((name, values) -> {
      if (name.startsWith(META) && !values.isEmpty()) {
        meta.put(SwiftNames.headerToUnicode(name.substring(META.length())).toLowerCase(Locale.ROOT),
            SwiftNames.headerToUnicode(values.get(0)));
      }
    });
    String etag = MetadataComparison.normalizeEtag(answer.header("Etag").orElse(null));
    boolean slo = answer.header("X-Static-Large-Object").map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    String sloEtag = slo ? answer.header("X-Manifest-Etag").map(MetadataComparison::normalizeEtag).orElse(null) : null;
    String dloEtag = answer.header("X-Object-Manifest").isPresent() ? etag : null;
    String contentType = answer.header("Content-Type").map(SwiftStore::withoutSwiftBytes).orElse(null);
    long size = answer.header("Content-Length").map(v -> Long.parseLong(v.strip())).orElse(0L);
    SwiftTimestamp timestamp = answer.header("X-Timestamp").map(ContainerSyncStore::parseTimestamp).orElse(null);
    return new RemoteObject(etag, contentType, size, meta, sloEtag, slo,
        timestamp == null ? null : timestamp.toInstant(), dloEtag, timestamp);
  }

  private static SwiftTimestamp parseTimestamp(String value) {
    try {
      return SwiftTimestamp.parse(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String md5(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is always available", e);
    }
  }
}
