package io.cloudsync.sync.transfer;

import io.cloudsync.largeobject.InternalProxySegments;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.local.InternalProxyClient;
import io.cloudsync.local.LocalSwiftException;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.local.ObjectStream;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.swift.SwiftTimestamp;
import io.cloudsync.sync.objectserver.ObjectServerReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the remote copy of one local object current, and in archive mode removes the local copy
 * afterwards. Static and Dynamic Large Objects go through {@link LargeObjectSyncer}.
 *
 * <p>The remote HEAD comes first, unless a listing of the remote read earlier in the pass already
 * shows that the object must be uploaded. When the remote holds nothing (the common case of an
 * initial sync), the local GET that reads the body also supplies the metadata, so a new object
 * costs three requests (remote HEAD, local GET, remote PUT) instead of four, or two with a listing. When the remote has a copy, the local
 * HEAD decides between nothing, a metadata update and an upload, so a row handled twice (restart,
 * another node's verification) costs two HEADs and nothing else.
 *
 * <p>A store that keeps symlinks ({@link StoreFeature#SYMLINKS}) gets them as links: local reads
 * carry {@code ?symlink=get}, as Swift's container-sync reads; other stores get the target's content.
 */
public final class ObjectSyncer {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectSyncer.class);

  private final InternalProxyClient local;
  private final RemoteStore remote;
  private final boolean archive;
  private final boolean dryRun;
  private final LargeObjectSyncer largeObjects;
  private final ObjectServerReader objectServers;

  public ObjectSyncer(InternalProxyClient local, RemoteStore remote, boolean archive, boolean dryRun) {
    this(local, null, remote, archive, dryRun);
  }

  /**
   * @param objectServers reads plain objects straight from their object servers before asking the
   *     internal proxy ({@code direct_object_reads}), or null to read everything through the proxy
   */
  public ObjectSyncer(InternalProxyClient local, ObjectServerReader objectServers, RemoteStore remote,
      boolean archive, boolean dryRun) {
    this(local, objectServers, remote, archive, dryRun, java.time.Instant.EPOCH);
  }

  /**
   * @param processStart when the daemon's process started: a large-object upload first aborts the
   *     uploads of its key initiated before that (a crash cut them), {@link java.time.Instant#EPOCH}: never
   */
  public ObjectSyncer(InternalProxyClient local, ObjectServerReader objectServers, RemoteStore remote,
      boolean archive, boolean dryRun, java.time.Instant processStart) {
    this.local = remote.features().contains(StoreFeature.SYMLINKS) ? local.keepingSymlinks() : local;
    this.objectServers = objectServers;
    this.remote = remote;
    this.archive = archive;
    this.dryRun = dryRun;
    this.largeObjects = new LargeObjectSyncer(new InternalProxySegments(local), remote, dryRun, processStart);
  }

  /**
   * Copies (or updates the metadata of) the object a live row describes, asking the remote first.
   *
   * @param rowData the row's data timestamp: local metadata older than that came from a stale replica
   * @param rowMeta the row's newest timestamp: archive deletes use it + offset 1, so newer writes win
   */
  public RowOutcome copy(SwiftPath path, SwiftTimestamp rowData, SwiftTimestamp rowMeta) {
    return copy(path, 0, rowData, rowMeta, null, ListedEtags.UNLISTED);
  }

  /**
   * {@link #copy(SwiftPath, SwiftTimestamp, SwiftTimestamp)} in the container's storage policy with a listing of the remote read
   * earlier in the pass: when it shows the remote copy missing or holding another ETag than the
   * row's, the remote HEAD is skipped and the local GET's answer is uploaded (two requests per
   * object). When the GET finds another ETag than the row's, the listing is asked again with it.
   *
   * @param policyIndex the container's storage policy (for reads from the object servers)
   * @param rowEtag the ETag in the row, or null when unknown
   * @param listing what the remote held when listed ({@link ListedEtags#UNLISTED}: ask it)
   */
  public RowOutcome copy(SwiftPath path, int policyIndex, SwiftTimestamp rowData, SwiftTimestamp rowMeta,
      String rowEtag, ListedEtags listing) {
    try {
      RowOutcome result;
      if (!dryRun && rowEtag != null && listing.lookup(path.object(), rowEtag).needsUpload()) {
        result = copyNew(path, policyIndex, rowData, listing);
      } else {
        Optional<RemoteObject> existing = remote.head(path);
        if (existing.isPresent() && remote.holdsWriteOf(existing.get(), rowMeta)) {
          return archived(path, rowMeta, RowOutcome.of(RowOutcome.Kind.ALREADY_CURRENT));
        }
        result = existing.isEmpty() && !dryRun
            ? copyNew(path, policyIndex, rowData, ListedEtags.NOTHING)
            : copyWithHead(path, rowData, existing);
      }
      return archived(path, rowMeta, result);
    } catch (StoreException e) {
      return fromStore(e);
    } catch (LocalSwiftException e) {
      return fromLocal(e);
    }
  }

  /** In archive mode, a remote copy known to be current lets the local object go. */
  private RowOutcome archived(SwiftPath path, SwiftTimestamp rowMeta, RowOutcome result) throws LocalSwiftException {
    if (archive && remoteIsCurrent(result)) {
      deleteLocal(path, rowMeta);
    }
    return result;
  }

  /**
   * {@code remoteState} holds nothing for this object, or another ETag than the row's: GET the
   * object and, when it is a plain object from an up-to-date replica whose ETag the remote does not
   * hold, upload that very response. Otherwise the response is dropped unread and the HEAD path
   * decides (after a remote HEAD, unless the remote is known to hold nothing).
   */
  private RowOutcome copyNew(SwiftPath path, int policyIndex, SwiftTimestamp rowData, ListedEtags remoteState)
      throws StoreException, LocalSwiftException {
    ObjectStream stream;
    try {
      stream = open(path, policyIndex, rowData);
    } catch (LocalSwiftException e) {
      if (e.status() == 404) {
        LOG.debug("{}: gone locally since the row was written; skipped", path);
        return RowOutcome.of(RowOutcome.Kind.LOCAL_GONE);
      }
      throw e;
    }
    ObjectMetadata meta = stream.metadata();
    ListedEtags.Lookup listed = remoteState.lookup(path.object(), meta.etag());
    if (isLargeObject(meta) || isStale(meta, rowData) || !listed.needsUpload()) {
      closeQuietly(stream);
      Optional<RemoteObject> existing = listed == ListedEtags.Lookup.ABSENT ? Optional.empty() : remote.head(path);
      return copyWithHead(path, rowData, existing);
    }
    FirstOpenBody body = new FirstOpenBody(stream, () -> reopen(path, meta));
    try {
      remote.upload(path, meta, body);
    } finally {
      body.closeUnused();
    }
    LOG.debug("{}: uploaded {} bytes to {}", path, meta.contentLength(), remote.describe());
    return new RowOutcome(RowOutcome.Kind.COPIED, "", meta.contentLength());
  }

  /** From an object server when that is allowed and possible, else through the internal proxy. */
  private ObjectStream open(SwiftPath path, int policyIndex, SwiftTimestamp rowData) throws LocalSwiftException {
    if (objectServers != null) {
      Optional<ObjectStream> direct = objectServers.open(path, policyIndex, rowData);
      if (direct.isPresent()) {
        return direct.get();
      }
    }
    return local.open(path);
  }

  /** The local HEAD (with {@code X-Newest} when a replica is stale) decides against {@code existing}. */
  private RowOutcome copyWithHead(SwiftPath path, SwiftTimestamp rowData, Optional<RemoteObject> existing)
      throws StoreException, LocalSwiftException {
    Optional<ObjectMetadata> head = local.head(path, false);
    if (head.isPresent() && isStale(head.get(), rowData)) {
      head = local.head(path, true);
    }
    if (head.isEmpty()) {
      LOG.debug("{}: gone locally since the row was written; skipped", path);
      return RowOutcome.of(RowOutcome.Kind.LOCAL_GONE);
    }
    ObjectMetadata meta = head.get();
    return isLargeObject(meta)
        ? largeObjects.makeCurrent(path, meta, existing)
        : makeCurrent(path, meta, existing);
  }

  private static boolean isStale(ObjectMetadata meta, SwiftTimestamp rowData) {
    return meta.timestamp() != null && meta.timestamp().compareTo(rowData) < 0;
  }

  private static boolean isLargeObject(ObjectMetadata meta) {
    return meta.staticLargeObject() || meta.objectManifest() != null;
  }

  private static void closeQuietly(ObjectStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // dropping an unread response; the connection is discarded either way
    }
  }

  /** Only a remote copy known to be current lets archive mode delete the local object. */
  private static boolean remoteIsCurrent(RowOutcome result) {
    return switch (result.kind()) {
      case COPIED, METADATA_UPDATED, ALREADY_CURRENT -> true;
      default -> false;
    };
  }

  private RowOutcome makeCurrent(SwiftPath path, ObjectMetadata meta, Optional<RemoteObject> existing)
      throws StoreException {
    if (existing.isPresent() && remote.isCurrent(meta, existing.get())) {
      return RowOutcome.of(RowOutcome.Kind.ALREADY_CURRENT);
    }
    if (existing.isPresent() && remote.hasSameData(meta, existing.get())) {
      if (dryRun) {
        LOG.info("dry run: would update metadata of {} in {}", path, remote.describe());
      } else {
        remote.updateMetadata(path, meta);
        LOG.debug("{}: metadata updated in {}", path, remote.describe());
      }
      return RowOutcome.of(RowOutcome.Kind.METADATA_UPDATED);
    }
    if (dryRun) {
      LOG.info("dry run: would upload {} ({} bytes) to {}", path, meta.contentLength(), remote.describe());
      return new RowOutcome(RowOutcome.Kind.COPIED, "dry run", meta.contentLength());
    }
    remote.upload(path, meta, () -> reopen(path, meta));
    LOG.debug("{}: uploaded {} bytes to {}", path, meta.contentLength(), remote.describe());
    return new RowOutcome(RowOutcome.Kind.COPIED, "", meta.contentLength());
  }

  /** A fresh GET of the body; one whose ETag differs from {@code expected} is refused before any byte is sent. */
  private InputStream reopen(SwiftPath path, ObjectMetadata expected) throws IOException {
    ObjectStream stream;
    try {
      stream = local.open(path);
    } catch (LocalSwiftException e) {
      throw new IOException(e.getMessage(), e);
    }
    if (!stream.metadata().etag().equals(expected.etag())) {
      stream.close();
      throw new IOException(path + " changed while being copied (ETag " + expected.etag() + " became "
          + stream.metadata().etag() + ")");
    }
    return stream.body();
  }

  private void deleteLocal(SwiftPath path, SwiftTimestamp rowMeta) throws LocalSwiftException {
    SwiftTimestamp stamp = rowMeta.withOffsetPlus(1);
    if (dryRun) {
      LOG.info("dry run: would delete local {} with X-Timestamp {}", path, stamp.internal());
      return;
    }
    InternalProxyClient.DeleteOutcome outcome = local.delete(path, stamp);
    LOG.debug("{}: archived; local delete at {}: {}", path, stamp.internal(), outcome);
  }

  /** Deletes the remote copy of a deleted object. */
  public RowOutcome deleteRemote(SwiftPath path) {
    return deleteRemote(path, null);
  }

  /**
   * Deletes the remote copy of a deleted object as of {@code tombstone}, the row's time (a store
   * that keeps Swift timestamps sends it, so a newer remote write survives), or null when unknown.
   */
  public RowOutcome deleteRemote(SwiftPath path, SwiftTimestamp tombstone) {
    if (dryRun) {
      LOG.info("dry run: would delete {} from {}", path, remote.describe());
      return RowOutcome.of(RowOutcome.Kind.DELETED_REMOTE);
    }
    try {
      if (tombstone == null) {
        remote.delete(path);
      } else {
        remote.delete(path, tombstone);
      }
      return RowOutcome.of(RowOutcome.Kind.DELETED_REMOTE);
    } catch (StoreException e) {
      return fromStore(e);
    }
  }

  /**
   * {@link #deleteRemote}, unless the object is live locally: then the tombstone is older than the
   * object (rows of a sharded container's retiring or shrunk DBs), and the newer row syncs it.
   */
  public RowOutcome deleteRemoteUnlessLive(SwiftPath path, SwiftTimestamp tombstone) {
    try {
      if (local.head(path, false).isPresent()) {
        LOG.debug("{}: live locally, so its tombstone is stale; the remote copy is kept", path);
        return RowOutcome.of(RowOutcome.Kind.NOTHING, "live locally");
      }
    } catch (LocalSwiftException e) {
      return fromLocal(e);
    }
    return deleteRemote(path, tombstone);
  }

  /**
   * A refusal of one object (a 403 from a prefix-scoped policy, a key the server will not take)
   * looks like a refusal of the whole mapping. Only the bucket-level probe tells them apart: when
   * the bucket still answers, the row fails alone (retried with backoff, the cursor passes it) and
   * every other row goes on; one object a user can write must never stop a container's replication.
   */
  private RowOutcome fromStore(StoreException e) {
    if (e.affectsWholeMapping()) {
      try {
        remote.probe();
      } catch (StoreException bucket) {
        if (bucket.affectsWholeMapping()) {
          return RowOutcome.failure(RowOutcome.Kind.BLOCKED, e.getMessage(), cause(bucket)); // the bucket confirms
        }
      }
      return RowOutcome.failure(RowOutcome.Kind.FAILED, e.getMessage() + " (the bucket itself answers: only this"
          + " object is refused)", cause(e));
    }
    if (e.kind() == StoreException.Kind.REJECTED) {
      return RowOutcome.of(RowOutcome.Kind.UNSYNCABLE, e.getMessage());
    }
    return RowOutcome.failure(RowOutcome.Kind.FAILED, e.getMessage(), cause(e));
  }

  /** The metrics label of a store failure: its kind, lower case. */
  static String cause(StoreException e) {
    return e.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static RowOutcome fromLocal(LocalSwiftException e) {
    if (e.proxyUnreachable()) {
      return RowOutcome.failure(RowOutcome.Kind.BLOCKED, e.getMessage(), "local_proxy_unreachable");
    }
    return RowOutcome.failure(RowOutcome.Kind.FAILED, e.getMessage(), "local");
  }
}
