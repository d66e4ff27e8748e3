package io.cloudsync.sync.transfer;

import io.cloudsync.largeobject.DloBody;
import io.cloudsync.largeobject.LocalSegments;
import io.cloudsync.largeobject.ManifestException;
import io.cloudsync.largeobject.SloBody;
import io.cloudsync.store.LargeBody;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreException;
import io.cloudsync.local.LocalSwiftException;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the remote copy of one Static or Dynamic Large Object current. The remote HEAD (made by
 * the caller) comes first: a copy that records the same Swift ETag ({@code swift-slo-etag}, or the DLO's ETag) and
 * the same metadata costs nothing more. Otherwise the content is described ({@link SloBody} reads
 * the manifest; {@link DloBody} needs nothing) and the store either rewrites only the metadata or
 * uploads the content, never holding it in memory.
 *
 * <p>A DLO's Swift ETag is the MD5 of its segments' ETags, so overwriting, adding or removing a
 * segment changes it and the next sync of the manifest's row uploads the new content. A segment
 * change alone writes no row for the manifest, though: the copy is refreshed when the manifest
 * object itself is written or POSTed again.
 */
final class LargeObjectSyncer {
  private static final Logger LOG = LoggerFactory.getLogger(LargeObjectSyncer.class);

  private final LocalSegments segments;
  private final RemoteStore remote;
  private final boolean dryRun;
  private final Instant processStart;

  /**
   * @param processStart when this process started: before uploading a large object, the uploads of
   *     the same key initiated earlier are aborted ({@link Instant#EPOCH}: none)
   */
  LargeObjectSyncer(LocalSegments segments, RemoteStore remote, boolean dryRun, Instant processStart) {
    this.segments = segments;
    this.remote = remote;
    this.dryRun = dryRun;
    this.processStart = processStart;
  }

  /**
   * @param meta the local HEAD of an SLO manifest or a DLO
   * @param existing the remote HEAD of {@code path}, made just before
   */
  RowOutcome makeCurrent(SwiftPath path, ObjectMetadata meta, Optional<RemoteObject> existing)
      throws StoreException {
    if (existing.isPresent() && remote.isCurrent(meta, existing.get())) {
      return RowOutcome.of(RowOutcome.Kind.ALREADY_CURRENT);
    }
    String kind = meta.staticLargeObject() ? "SLO" : "DLO";
    LargeBody body;
    try {
      body = meta.staticLargeObject() ? SloBody.read(path, meta.etag(), segments) : new DloBody(path, meta, segments);
    } catch (ManifestException e) {
      return RowOutcome.of(RowOutcome.Kind.UNSYNCABLE, "SLO " + path + " has a manifest that cannot be synced: "
          + e.getMessage());
    } catch (IOException e) {
      RowOutcome.Kind outcome = localProxyDown(e) ? RowOutcome.Kind.BLOCKED : RowOutcome.Kind.FAILED;
      return RowOutcome.failure(outcome, "cannot read the manifest of SLO " + path + ": " + e.getMessage(),
          outcome == RowOutcome.Kind.BLOCKED ? "local_proxy_unreachable" : "local");
    }
    if (existing.isPresent() && remote.hasSameLargeObjectData(meta, existing.get(), body)) {
      if (dryRun) {
        LOG.info("dry run: would update metadata of {} {} in {}", kind, path, remote.describe());
      } else {
        remote.updateLargeObjectMetadata(path, meta, existing.get(), body);
        LOG.debug("{}: metadata of the {} updated in {}", path, kind, remote.describe());
      }
      return RowOutcome.of(RowOutcome.Kind.METADATA_UPDATED);
    }
    if (dryRun) {
      LOG.info("dry run: would upload {} {} ({} bytes) to {}", kind, path, body.length(), remote.describe());
      return new RowOutcome(RowOutcome.Kind.COPIED, "dry run", body.length());
    }
    abortCutUploads(path);
    remote.uploadLargeObject(path, meta, body);
    LOG.debug("{}: {} uploaded ({} bytes) to {}", path, kind, body.length(), remote.describe());
    return new RowOutcome(RowOutcome.Kind.COPIED, "", body.length());
  }

  /**
   * A multipart upload of the same key that a crash of this node cut while it was verifying another
   * node's row is swept by no start-up sweep (that one takes the rows this node owns only, since
   * another node may be uploading its own right now): it is aborted here, when this node is about to
   * upload that object itself. If another live node was uploading it after all, its upload fails
   * and its row finds this copy current at the retry: work lost, never data.
   */
  private void abortCutUploads(SwiftPath path) throws StoreException {
    if (processStart.equals(Instant.EPOCH)) {
      return;
    }
    int aborted = remote.abortStaleUploads(path.account(), path.container(), processStart,
        name -> name.equals(path.object()));
    if (aborted > 0) {
      LOG.info("{}: aborted {} multipart upload(s) of it left by a crash before uploading it again", path, aborted);
    }
  }

  /** True when the internal proxy itself could not be reached (every row would fail the same way). */
  private static boolean localProxyDown(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof LocalSwiftException local && local.proxyUnreachable()) {
        return true;
      }
    }
    return false;
  }
}
