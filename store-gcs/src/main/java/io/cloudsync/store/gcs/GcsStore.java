package io.cloudsync.store.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobListOption;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.metadata.MetadataComparison;
import io.cloudsync.metadata.S3UserMetadata;
import io.cloudsync.naming.DotSegments;
import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.BodySource;
import io.cloudsync.store.LargeBody;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * A GCS bucket, through the JSON API, as a {@link RemoteStore} with the S3 store's layout: the same
 * keys ({@link S3KeyNaming}) and the same metadata ({@link GcsObjects}), so a bucket written
 * natively reads the same through GCS's XML API and the other way round.
 *
 * <p>Uploads stream the body with its MD5 declared, so GCS refuses a body that changed while read
 * ({@link GcsUploads}). A metadata-only change is one PATCH of the object resource (no body),
 * pinned to the object's generation. Large objects (SLO, DLO) become one object holding their
 * whole content, sent as one streamed resumable upload (no compose: it would need each part
 * stored, then composed, then deleted: three requests per part where one chunk request does), with
 * an SLO's manifest kept under the {@link S3KeyNaming#manifestKey manifest key} and
 * {@code swift-slo-etag}, as for S3. Thread-safe; one pooled client per store.
 */
public final class GcsStore implements RemoteStore {
  static final int LIST_PAGE = 1000;

  private final GcsSettings settings;
  private final Storage storage;
  private final GcsUploads uploads;

  /** @throws IllegalArgumentException when the credentials are unusable ({@link GcsCredentials#from}) */
  public GcsStore(GcsSettings settings) {
    this.settings = settings;
    this.storage = GcsClients.create(settings, GcsCredentials.from(settings.credentialsJson(), GcsClients.transport(settings)));
    this.uploads = new GcsUploads(storage);
  }

  public S3KeyNaming naming(SwiftPath path) {
    return new S3KeyNaming(path.account(), path.container(), settings.customPrefix());
  }

  /** The object name {@code path} is stored under. */
  public String key(SwiftPath path) {
    return naming(path).objectKey(path.object());
  }

  @Override
  public Optional<RemoteObject> head(SwiftPath path) throws StoreException {
    String key = checkedKey(path);
    try {
      Blob blob = storage.get(BlobId.of(settings.bucket(), key));
      return Optional.ofNullable(blob).map(GcsObjects::toRemoteObject);
    } catch (RuntimeException e) {
      throw GcsErrors.map(e, what("GET (metadata)", key), false);
    }
  }

  @Override
  public void upload(SwiftPath path, ObjectMetadata metadata, BodySource body) throws StoreException {
    if (metadata.staticLargeObject() || metadata.objectManifest() != null) {
      throw new IllegalArgumentException("GcsStore.upload declares the Swift ETag as MD5; large object " + path
          + " needs uploadLargeObject");
    }
    String key = checkedKey(path);
    String md5 = GcsObjects.md5Base64(metadata.etag());
    if (md5 == null) {
      throw new StoreException(Kind.REJECTED, "ETag '" + metadata.etag() + "' of " + path
          + " is not an MD5 digest, so the upload cannot be verified by GCS");
    }
    BlobInfo info = info(key, metadata, checkedMetadata(path, GcsObjects.customMetadata(metadata)))
        .setMd5(md5).build();
    try (InputStream in = body.open()) {
      uploads.upload(info, metadata.contentLength(), in, what("PUT", key));
    } catch (IOException e) {
      throw new StoreException(Kind.TRANSIENT, what("PUT", key) + ": cannot read the local object: "
          + e.getMessage(), e);
    }
  }

  /** {@inheritDoc} One PATCH of the object resource, refused by GCS if the object was replaced meanwhile. */
  @Override
  public void updateMetadata(SwiftPath path, ObjectMetadata metadata) throws StoreException {
    String key = checkedKey(path);
    SortedMap<String, String> custom = checkedMetadata(path, GcsObjects.customMetadata(metadata));
    try {
      Blob current = storage.get(BlobId.of(settings.bucket(), key),
          Storage.BlobGetOption.fields(BlobField.METADATA, BlobField.GENERATION));
      if (current == null) {
        throw new StoreException(Kind.TRANSIENT, what("PATCH", key) + ": the object is gone");
      }
      Map<String, String> patch = new HashMap<>(custom);
      GcsObjects.storedMetadata(current).keySet().forEach(k -> patch.putIfAbsent(k, null)); // null removes
      storage.update(BlobInfo.newBuilder(BlobId.of(settings.bucket(), key, current.getGeneration()))
          .setContentType(metadata.contentType()).setMetadata(patch).build(),
          Storage.BlobTargetOption.generationMatch());
    } catch (RuntimeException e) {
      throw GcsErrors.map(e, what("PATCH", key), false);
    }
  }

  @Override
  public void uploadLargeObject(SwiftPath path, ObjectMetadata metadata, LargeBody body) throws StoreException {
    if (!metadata.staticLargeObject() && metadata.objectManifest() == null) {
      throw new IllegalArgumentException(path + " is not a large object; use upload");
    }
    String key = checkedKey(path);
    BlobInfo info = info(key, metadata, checkedMetadata(path, GcsObjects.customMetadata(metadata))).build();
    try (InputStream in = new RangedBodyStream(body, GcsUploads.CHUNK_SIZE)) {
      uploads.uploadUndeclared(info, body.length(), in, what("PUT (large object)", key));
    } catch (IOException e) {
      throw new StoreException(Kind.TRANSIENT, what("PUT (large object)", key) + ": " + e.getMessage(), e);
    }
    Optional<byte[]> manifest = body.manifestJson();
    if (manifest.isPresent()) {
      String manifestKey = naming(path).manifestKey(path.object());
      byte[] json = manifest.get();
      BlobInfo manifestInfo = BlobInfo.newBuilder(settings.bucket(), manifestKey).setContentType("application/json")
          .setMd5(GcsObjects.md5Base64(Md5.hex(json))).build();
      uploads.upload(manifestInfo, json.length, new ByteArrayInputStream(json), what("PUT", manifestKey));
    }
  }

  /** {@inheritDoc} A PATCH, as for any object: GCS changes metadata of any size in place. */
  @Override
  public void updateLargeObjectMetadata(SwiftPath path, ObjectMetadata metadata, RemoteObject remote, LargeBody body)
      throws StoreException {
    updateMetadata(path, metadata);
  }

  @Override
  public Optional<ListedEtags> listEtags(String account, String container, long maxKeys) throws StoreException {
    S3KeyNaming naming = new S3KeyNaming(account, container, settings.customPrefix());
    String prefix = naming.listingPrefix();
    ListedEtags.Builder listed = new ListedEtags.Builder();
    try {
      Page<Blob> page = storage.list(settings.bucket(), BlobListOption.prefix(prefix), BlobListOption.pageSize(LIST_PAGE),
          BlobListOption.fields(BlobField.NAME, BlobField.MD5HASH, BlobField.UPDATED));
      while (page != null) {
        for (Blob blob : page.getValues()) {
          naming.objectName(blob.getName()).ifPresent(name -> listed.add(name, GcsObjects.etag(blob),
              blob.getUpdateTime() == null ? null : java.time.Instant.ofEpochMilli(blob.getUpdateTime())));
        }
        if (listed.size() > maxKeys) {
          return Optional.empty();
        }
        page = page.hasNextPage() ? page.getNextPage() : null;
      }
    } catch (RuntimeException e) {
      throw GcsErrors.map(e, "LIST of prefix '" + LogSafe.text(prefix) + "' in " + bucketWhere(), true);
    }
    return Optional.of(listed.build());
  }

  /** {@inheritDoc} A listing of at most one object. */
  @Override
  public void probe() throws StoreException {
    try {
      storage.list(settings.bucket(), BlobListOption.pageSize(1), BlobListOption.fields(BlobField.NAME));
    } catch (RuntimeException e) {
      throw GcsErrors.map(e, "LIST of " + bucketWhere(), true);
    }
  }

  /** {@inheritDoc} Also deletes the SLO manifest copy. A 404 is fine unless the bucket is missing. */
  @Override
  public void delete(SwiftPath path) throws StoreException {
    if (DotSegments.in(path)) {
      throw new StoreException(Kind.REJECTED, DotSegments.REASON);
    }
    S3KeyNaming naming = naming(path);
    String key = naming.objectKey(path.object());
    if (bytes(key) > GcsObjects.MAX_KEY_BYTES) {
      return;
    }
    try {
      if (!storage.delete(BlobId.of(settings.bucket(), key)) && storage.get(settings.bucket()) == null) {
        throw new StoreException(Kind.NO_SUCH_BUCKET, what("DELETE", key) + ": 404 the bucket does not exist");
      }
      storage.delete(BlobId.of(settings.bucket(), naming.manifestKey(path.object())));
    } catch (RuntimeException e) {
      throw GcsErrors.map(e, what("DELETE", key), false);
    }
  }

  /** Same data, same user metadata, same content type, same SLO-ness (as for S3). */
  @Override
  public boolean isCurrent(ObjectMetadata local, RemoteObject remote) {
    return hasSameData(local, remote)
        && local.staticLargeObject() == remote.staticLargeObject()
        && MetadataComparison.sameContentType(local.contentType(), remote.contentType())
        && MetadataComparison.sameUserMetadata(local, remote.userMetadata());
  }

  @Override
  public boolean hasSameLargeObjectData(ObjectMetadata local, RemoteObject remote, LargeBody body) {
    return remote.size() == body.length() && hasSameData(local, remote);
  }

  @Override
  public Set<StoreFeature> features() {
    return EnumSet.of(StoreFeature.METADATA_UPDATE_WITHOUT_BODY);
  }

  @Override
  public String describe() {
    String prefix = settings.customPrefix() == null ? "" : ", custom prefix '" + settings.customPrefix() + "'";
    return "gcs " + bucketWhere() + prefix;
  }

  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      // nothing left to release that matters
    }
  }

  @Override
  public String toString() {
    return "GcsStore[" + describe() + "]";
  }

  private BlobInfo.Builder info(String key, ObjectMetadata metadata, SortedMap<String, String> custom) {
    return BlobInfo.newBuilder(settings.bucket(), key).setContentType(metadata.contentType()).setMetadata(custom);
  }

  private String checkedKey(SwiftPath path) throws StoreException {
    if (DotSegments.in(path)) {
      throw new StoreException(Kind.REJECTED, DotSegments.REASON);
    }
    String key = key(path);
    int bytes = bytes(key);
    if (bytes > GcsObjects.MAX_KEY_BYTES) {
      throw new StoreException(Kind.REJECTED, "GCS object name for " + path + " is " + bytes
          + " UTF-8 bytes long; GCS allows at most " + GcsObjects.MAX_KEY_BYTES + " (bucket '"
          + settings.bucket() + "')");
    }
    return key;
  }

  private SortedMap<String, String> checkedMetadata(SwiftPath path, SortedMap<String, String> custom)
      throws StoreException {
    long bytes = S3UserMetadata.sizeInBytes(custom);
    if (bytes > GcsObjects.MAX_METADATA_BYTES) {
      throw new StoreException(Kind.REJECTED, "metadata of " + path + " is " + bytes
          + " bytes once percent-quoted (keys and values); GCS allows at most " + GcsObjects.MAX_METADATA_BYTES
          + " of custom metadata (bucket '" + settings.bucket() + "')");
    }
    return custom;
  }

  private static int bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8).length;
  }

  private String bucketWhere() {
    return "bucket '" + settings.bucket() + "' at " + settings.apiRoot();
  }

  private String what(String operation, String key) {
    return operation + " '" + LogSafe.text(key) + "' in " + bucketWhere();
  }
}
