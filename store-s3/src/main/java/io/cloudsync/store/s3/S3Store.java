package io.cloudsync.store.s3;

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
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * An S3 bucket (Amazon S3, an S3 clone, or GCS through its XML API) as a {@link RemoteStore}, with
 * swift-s3-sync's key naming ({@link S3KeyNaming}) and metadata mapping ({@link S3UserMetadata}).
 *
 * <p>Uploads stream the body (re-opened for every SDK retry, never buffered) with
 * {@code Content-MD5} taken from the Swift ETag, so the server rejects a body that differs
 * ({@code BadDigest}, reported as {@link Kind#TRANSIENT}). Keys over {@value #MAX_KEY_BYTES} UTF-8
 * bytes and user metadata over {@value #MAX_METADATA_BYTES} bytes are {@link Kind#REJECTED}
 * before anything is sent. Thread-safe; one pooled HTTP client per store.
 *
 * <p>Large objects ({@link #uploadLargeObject}) become one multipart upload cut by a
 * {@link PartPlan} (one part per segment when an SLO's segments are valid parts, else fixed-size
 * parts re-cut from the content), written by a {@link LargeObjectWriter} with parts in parallel on
 * this store's pool of {@value #PART_THREADS} named threads ({@code s3-part-<bucket>-N}), at most
 * {@value MultipartTransfer#PARTS_IN_FLIGHT} per object. An SLO also gets its raw manifest under
 * the {@link S3KeyNaming#manifestKey manifest key} and {@code swift-slo-etag}; a DLO gets
 * {@code x-object-manifest} and {@value #DLO_ETAG} (its Swift ETag, which is not the body's MD5), so
 * either is recognised as current without local state. Memory per running part: one 64 KiB
 * buffer plus the HTTP client's; nothing grows with the object's size.
 */
public final class S3Store implements RemoteStore {
  /** S3 metadata recording a DLO's Swift ETag (the MD5 of its segments' ETags) at upload. */
  public static final String DLO_ETAG = "swift-dlo-etag";
  /** Threads uploading or copying parts, shared by all objects of this store. */
  static final int PART_THREADS = 8;
  /** S3's largest single {@code CopyObject}. */
  static final long MAX_COPY_OBJECT = 5L << 30;

  /** Keys per ListObjectsV2 page: S3's maximum. */
  static final int LIST_PAGE = 1000;

  /** S3's limit on key length, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 1024;
  /** S3's limit on user metadata: UTF-8 bytes of all keys and values. */
  public static final int MAX_METADATA_BYTES = 2048;

  private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern MULTIPART_ETAG = Pattern.compile("[0-9a-f]{32}-\\d+");

  private final S3StoreSettings settings;
  private final S3Client client;
  private final LargeObjectWriter largeObjects;
  private final int partThreads;

  public S3Store(S3StoreSettings settings) {
    this.settings = settings;
    this.client = S3ClientFactory.create(settings);
    this.partThreads = Math.min(PART_THREADS, Math.max(2, settings.maxConnections()));
    this.largeObjects = new LargeObjectWriter(client, settings, partThreads);
  }

  /** The key naming of {@code path}'s container in this bucket. */
  public S3KeyNaming naming(SwiftPath path) {
    return new S3KeyNaming(path.account(), path.container(), settings.customPrefix());
  }

  /** The key {@code path} is stored under. */
  public String key(SwiftPath path) {
    return naming(path).objectKey(path.object());
  }

  /**
   * {@inheritDoc} Lists the bucket's multipart uploads under the container's key prefix
   * ({@code ListMultipartUploads}, 1,000 per request) and aborts the matching ones.
   */
  @Override
  public int abortStaleUploads(String account, String container, java.time.Instant initiatedBefore,
      java.util.function.Predicate<String> mine) throws StoreException {
    String prefix = new S3KeyNaming(account, container, settings.customPrefix()).listingPrefix();
    int aborted = 0;
    String keyMarker = null;
    String uploadMarker = null;
    try {
      while (true) {
        String km = keyMarker;
        String um = uploadMarker;
        var page = client.listMultipartUploads(r -> r.bucket(settings.bucket()).prefix(prefix).keyMarker(km)
            .uploadIdMarker(um));
        for (var upload : page.uploads()) {
          String object = upload.key().substring(prefix.length());
          boolean stale = upload.initiated() != null && upload.initiated().isBefore(initiatedBefore);
          if (stale && mine.test(object)) {
            client.abortMultipartUpload(r -> r.bucket(settings.bucket()).key(upload.key())
                .uploadId(upload.uploadId()));
            LOG.info("aborted multipart upload {} of {} (initiated {}, before this process started): a crash"
                + " cut it", upload.uploadId(), LogSafe.text(upload.key()), upload.initiated());
            aborted++;
          }
        }
        if (!Boolean.TRUE.equals(page.isTruncated())) {
          return aborted;
        }
        keyMarker = page.nextKeyMarker();
        uploadMarker = page.nextUploadIdMarker();
      }
    } catch (AwsServiceException e) {
      if (e.statusCode() == 501 || "NotImplemented".equals(errorCode(e))) {
        return aborted; // a server without multipart listings
      }
      throw S3Errors.map(e, what("LIST multipart uploads", prefix));
    } catch (SdkException e) {
      throw S3Errors.map(e, what("LIST multipart uploads", prefix));
    }
  }

  @Override
  public Optional<RemoteObject> head(SwiftPath path) throws StoreException {
    String key = checkedKey(path);
    try {
      HeadObjectResponse response = client.headObject(r -> r.bucket(settings.bucket()).key(key));
      return Optional.of(toRemoteObject(response));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
        return Optional.empty();
      }
      throw S3Errors.map(e, what("HEAD", key));
    } catch (SdkException e) {
      throw S3Errors.map(e, what("HEAD", key));
    }
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
      throw new IllegalArgumentException("S3Store.upload sends one body with the Swift ETag as Content-MD5; "
          + "large object " + path + " needs uploadLargeObject");
    }
    String key = checkedKey(path);
    Map<String, String> s3Metadata = checkedMetadata(path, s3Metadata(metadata));
    String contentMd5 = contentMd5(path, metadata.etag());
    PutObjectRequest.Builder request = PutObjectRequest.builder()
        .bucket(settings.bucket())
        .key(key)
        .contentLength(metadata.contentLength())
        .contentType(metadata.contentType())
        .contentMD5(contentMd5)
        .metadata(s3Metadata);
    S3ObjectHeaders.apply(metadata, request);
    if (settings.sendsServerSideEncryption()) {
      request.serverSideEncryption(ServerSideEncryption.AES256);
    }
    try (ReopeningBody content = new ReopeningBody(body, metadata.contentLength(), path.toString())) {
      client.putObject(request.build(),
          RequestBody.fromContentProvider(content, metadata.contentLength(), metadata.contentType()));
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, what("PUT", key));
    }
  }

  /**
   * {@inheritDoc} A self-copy with {@code MetadataDirective: REPLACE}; the server copies the data
   * itself (S3 limits a single copy to 5 GiB).
   */
  @Override
  public void updateMetadata(SwiftPath path, ObjectMetadata metadata) throws StoreException {
    String key = checkedKey(path);
    copyReplacing(key, checkedMetadata(path, s3Metadata(metadata)), metadata);
  }

  private void copyReplacing(String key, Map<String, String> s3Metadata, ObjectMetadata metadata)
      throws StoreException {
    String contentType = metadata.contentType();
    CopyObjectRequest.Builder request = CopyObjectRequest.builder()
        .sourceBucket(settings.bucket())
        .sourceKey(key)
        .destinationBucket(settings.bucket())
        .destinationKey(key)
        .metadataDirective(MetadataDirective.REPLACE)
        .contentType(contentType)
        .metadata(s3Metadata);
    S3ObjectHeaders.apply(metadata, request);
    if (settings.sendsServerSideEncryption()) {
      request.serverSideEncryption(ServerSideEncryption.AES256);
    }
    try {
      client.copyObject(request.build());
    } catch (SdkException e) {
      throw S3Errors.map(e, what("COPY (metadata update)", key));
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>See {@link LargeObjectWriter#upload}: an SLO is always a multipart upload with its manifest
   * copy; a DLO up to {@value PartPlan#PART_SIZE} bytes is one PUT, a larger one a multipart
   * upload.
   *
   * @throws StoreException {@link Kind#REJECTED} for content over S3's 5 TiB object limit
   */
  @Override
  public void uploadLargeObject(SwiftPath path, ObjectMetadata metadata, LargeBody body) throws StoreException {
    if (!isLargeObject(metadata)) {
      throw new IllegalArgumentException(path + " is not a large object; use upload");
    }
    LargeObjectWriter.Target target = largeTarget(path, metadata);
    if (body.length() > PartPlan.MAX_OBJECT) {
      throw new StoreException(Kind.REJECTED, "large object " + path + " holds " + body.length()
          + " bytes; an S3 object holds at most " + PartPlan.MAX_OBJECT + " (bucket '" + settings.bucket() + "')");
    }
    largeObjects.upload(target, metadata, body);
  }

  /**
   * {@inheritDoc} A multipart copy of the object onto itself ({@code UploadPartCopy}, cut by the
   * same {@link PartPlan} as the upload, so the multipart ETag stays the same; when the copied
   * parts would not reproduce the ETag, the content is uploaded again instead), or a plain
   * {@code CopyObject} when the remote copy is not a multipart object (a small DLO) or the target
   * is GCS (whose XML API has no {@code UploadPartCopy}; its copies have no size limit).
   */
  @Override
  public void updateLargeObjectMetadata(SwiftPath path, ObjectMetadata metadata, RemoteObject remote, LargeBody body)
      throws StoreException {
    LargeObjectWriter.Target target = largeTarget(path, metadata);
    boolean multipart = MULTIPART_ETAG.matcher(MetadataComparison.normalizeEtag(remote.etag())).matches();
    if (settings.gcsProfile() || body.length() == 0 || (!multipart && remote.size() <= MAX_COPY_OBJECT)) {
      copyReplacing(target.key(), target.s3Metadata(), metadata);
      return;
    }
    if (remote.size() != body.length()) {
      throw new StoreException(Kind.TRANSIENT, "S3 " + what("metadata copy", target.key())
          + ": the remote object holds " + remote.size() + " bytes, the local large object " + body.length());
    }
    if (!largeObjects.copyParts(target, metadata, remote, body)) {
      LOG.info("{}: the remote copy is cut into other parts than this version makes (or changed meanwhile);"
          + " uploading the content again instead of copying it", path);
      largeObjects.upload(target, metadata, body);
    }
  }

  private LargeObjectWriter.Target largeTarget(SwiftPath path, ObjectMetadata metadata) throws StoreException {
    String key = checkedKey(path);
    return new LargeObjectWriter.Target(key, naming(path).manifestKey(path.object()),
        checkedMetadata(path, s3Metadata(metadata)), where(key));
  }

  /**
   * {@inheritDoc} ListObjectsV2 over the container's key prefix ({@link S3KeyNaming#listingPrefix}),
   * 1,000 keys a page; stops (empty) at the first page that takes it past {@code maxKeys}.
   */
  @Override
  public Optional<ListedEtags> listEtags(String account, String container, long maxKeys) throws StoreException {
    S3KeyNaming naming = new S3KeyNaming(account, container, settings.customPrefix());
    String prefix = naming.listingPrefix();
    ListedEtags.Builder listed = new ListedEtags.Builder();
    try {
      for (ListObjectsV2Response page : client.listObjectsV2Paginator(
          r -> r.bucket(settings.bucket()).prefix(prefix).maxKeys(LIST_PAGE)
              // keys with control characters survive XML; the SDK decodes them (GCS does not encode)
              .encodingType(settings.gcsProfile() ? null : EncodingType.URL))) {
        for (S3Object object : page.contents()) {
          naming.objectName(object.key()).ifPresent(name -> listed.add(name, object.eTag(), object.lastModified()));
        }
        if (listed.size() > maxKeys) {
          return Optional.empty();
        }
      }
    } catch (SdkException e) {
      throw S3Errors.map(e, "LIST of prefix '" + prefix + "' in bucket '" + settings.bucket() + "' at "
          + (settings.effectiveEndpoint() == null ? "Amazon S3" : settings.effectiveEndpoint().toString()));
    }
    return Optional.of(listed.build());
  }

  /** {@inheritDoc} A listing of at most one key of the bucket. */
  @Override
  public void probe() throws StoreException {
    try {
      client.listObjectsV2(r -> r.bucket(settings.bucket()).maxKeys(1));
    } catch (SdkException e) {
      throw S3Errors.map(e, "LIST of bucket '" + settings.bucket() + "' at "
          + (settings.effectiveEndpoint() == null ? "Amazon S3" : settings.effectiveEndpoint().toString()));
    }
  }

  /**
   * {@inheritDoc} Also deletes the object's SLO manifest copy, as upstream (missing is fine). A
   * name whose key is over the limit cannot have been stored, so there is nothing to delete.
   */
  @Override
  public void delete(SwiftPath path) throws StoreException {
    if (DotSegments.in(path)) {
      throw new StoreException(Kind.REJECTED, DotSegments.REASON);
    }
    S3KeyNaming naming = naming(path);
    String key = naming.objectKey(path.object());
    if (keyBytes(key) > MAX_KEY_BYTES) {
      return;
    }
    deleteKey(key);
    deleteKey(naming.manifestKey(path.object()));
  }

  private void deleteKey(String key) throws StoreException {
    try {
      client.deleteObject(r -> r.bucket(settings.bucket()).key(key));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
        return;
      }
      throw S3Errors.map(e, what("DELETE", key));
    } catch (SdkException e) {
      throw S3Errors.map(e, what("DELETE", key));
    }
  }

  /**
   * Same data, same user metadata (compared unquoted), same content type, same SLO-ness, and for a
   * plain object the same standard headers ({@link S3ObjectHeaders}).
   */
  @Override
  public boolean isCurrent(ObjectMetadata local, RemoteObject remote) {
    return hasSameData(local, remote)
        && local.staticLargeObject() == remote.staticLargeObject()
        && MetadataComparison.sameContentType(local.contentType(), remote.contentType())
        && MetadataComparison.sameUserMetadata(local, remote.userMetadata())
        && (local.staticLargeObject() || local.objectManifest() != null
            || S3ObjectHeaders.of(local).equals(remote.objectHeaders()));
  }

  /**
   * {@inheritDoc} Also requires the remote size to be the content's. An SLO copy without
   * {@code swift-slo-etag} (written by swift-s3-sync's S3 provider) counts as the same data when
   * its ETag is the multipart ETag of the segment-aligned upload upstream would have made; its
   * metadata update then adds {@code swift-slo-etag} once, without sending data.
   */
  @Override
  public boolean hasSameLargeObjectData(ObjectMetadata local, RemoteObject remote, LargeBody body) {
    if (remote.size() != body.length()) {
      return false;
    }
    if (hasSameData(local, remote)) {
      return true;
    }
    if (!local.staticLargeObject() || remote.sloEtag() != null) {
      return false;
    }
    PartPlan plan = PartPlan.of(body);
    return plan.segmentAligned() && plan.expectedEtag().filter(e -> MetadataComparison.sameEtag(e, remote.etag()))
        .isPresent();
  }

  @Override
  public Set<StoreFeature> features() {
    return settings.supportsMultiObjectDelete()
        ? EnumSet.of(StoreFeature.METADATA_UPDATE_WITHOUT_BODY, StoreFeature.MULTI_OBJECT_DELETE)
        : EnumSet.of(StoreFeature.METADATA_UPDATE_WITHOUT_BODY);
  }

  @Override
  public int partThreads() {
    return partThreads;
  }

  @Override
  public String describe() {
    String kind = settings.gcsProfile() ? "gcs (S3 XML API)" : "s3";
    String where = settings.effectiveEndpoint() == null ? "Amazon S3"
        : settings.effectiveEndpoint().toString();
    String prefix = settings.customPrefix() == null ? ""
        : ", custom prefix '" + settings.customPrefix() + "'";
    return kind + " bucket '" + settings.bucket() + "' at " + where + prefix;
  }

  @Override
  public void close() {
    largeObjects.close();
    client.close();
  }

  @Override
  public String toString() {
    return "S3Store[" + describe() + "]";
  }

  private RemoteObject toRemoteObject(HeadObjectResponse response) {
    SortedMap<String, String> s3 = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    s3.putAll(response.metadata());
    String dloEtag = s3.remove(DLO_ETAG);
    S3UserMetadata.SwiftView view = S3UserMetadata.fromS3(s3);
    return new RemoteObject(
        MetadataComparison.normalizeEtag(response.eTag()),
        response.contentType(),
        response.contentLength() == null ? 0 : response.contentLength(),
        view.remoteUserMetadata(),
        view.sloEtag(),
        view.staticLargeObject(),
        response.lastModified(),
        dloEtag == null ? null : MetadataComparison.normalizeEtag(dloEtag),
        null,
        S3ObjectHeaders.of(response));
  }

  /** {@link S3UserMetadata#toS3}, plus {@value #DLO_ETAG} for a DLO. */
  private static SortedMap<String, String> s3Metadata(ObjectMetadata metadata) {
    SortedMap<String, String> s3 = S3UserMetadata.toS3(metadata);
    if (metadata.objectManifest() != null) {
      s3.put(DLO_ETAG, metadata.etag());
    }
    return s3;
  }

  private static boolean isLargeObject(ObjectMetadata metadata) {
    return metadata.staticLargeObject() || metadata.objectManifest() != null;
  }

  private String where(String key) {
    String endpoint = settings.effectiveEndpoint() == null ? "Amazon S3" : settings.effectiveEndpoint().toString();
    return "'" + LogSafe.text(key) + "' in bucket '" + settings.bucket() + "' at " + endpoint;
  }

  private String checkedKey(SwiftPath path) throws StoreException {
    if (DotSegments.in(path)) {
      throw new StoreException(Kind.REJECTED, DotSegments.REASON);
    }
    String key = key(path);
    int bytes = keyBytes(key);
    if (bytes > MAX_KEY_BYTES) {
      throw new StoreException(Kind.REJECTED, "S3 key for " + path + " is " + bytes
          + " UTF-8 bytes long; S3 allows at most " + MAX_KEY_BYTES + " (bucket '"
          + settings.bucket() + "')");
    }
    return key;
  }

  private Map<String, String> checkedMetadata(SwiftPath path, Map<String, String> s3Metadata)
      throws StoreException {
    long bytes = S3UserMetadata.sizeInBytes(s3Metadata);
    if (bytes > MAX_METADATA_BYTES) {
      throw new StoreException(Kind.REJECTED, "metadata of " + path + " is " + bytes
          + " bytes once percent-quoted for S3 (keys and values); S3 allows at most "
          + MAX_METADATA_BYTES + " (bucket '" + settings.bucket() + "')");
    }
    return s3Metadata;
  }

  private static int keyBytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String contentMd5(SwiftPath path, String etag) throws StoreException {
    String hex = MetadataComparison.normalizeEtag(etag);
    if (!MD5_HEX.matcher(hex).matches()) {
      throw new StoreException(Kind.REJECTED, "ETag '" + etag + "' of " + path
          + " is not an MD5 digest, so the upload cannot be verified with Content-MD5");
    }
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }

  private String what(String operation, String key) {
    return operation + " " + where(key);
  }

  private static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }
}
