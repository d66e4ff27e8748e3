package io.cloudsync.store.s3;

import io.cloudsync.metadata.MetadataComparison;
import io.cloudsync.metadata.S3UserMetadata;
import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.BodySource;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
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
 */
public final class S3Store implements RemoteStore {
  /** S3's limit on key length, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 1024;
  /** S3's limit on user metadata: UTF-8 bytes of all keys and values. */
  public static final int MAX_METADATA_BYTES = 2048;

  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

  private final S3StoreSettings settings;
  private final S3Client client;

  public S3Store(S3StoreSettings settings) {
    this.settings = settings;
    this.client = S3ClientFactory.create(settings);
  }

  /** The key naming of {@code path}'s container in this bucket. */
  public S3KeyNaming naming(SwiftPath path) {
    return new S3KeyNaming(path.account(), path.container(), settings.customPrefix());
  }

  /** The key {@code path} is stored under. */
  public String key(SwiftPath path) {
    return naming(path).objectKey(path.object());
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
   * @throws IllegalArgumentException for an SLO manifest ({@code staticLargeObject}): its ETag is
   *     not the MD5 of any single body, so SLOs go through a multipart upload instead
   */
  @Override
  public void upload(SwiftPath path, ObjectMetadata metadata, BodySource body) throws StoreException {
    if (metadata.staticLargeObject()) {
      throw new IllegalArgumentException("S3Store.upload sends one body; SLO " + path
          + " needs a multipart upload");
    }
    String key = checkedKey(path);
    Map<String, String> s3Metadata = checkedMetadata(path, S3UserMetadata.toS3(metadata));
    String contentMd5 = contentMd5(path, metadata.etag());
    PutObjectRequest.Builder request = PutObjectRequest.builder()
        .bucket(settings.bucket())
        .key(key)
        .contentLength(metadata.contentLength())
        .contentType(metadata.contentType())
        .contentMD5(contentMd5)
        .metadata(s3Metadata);
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
    Map<String, String> s3Metadata = checkedMetadata(path, S3UserMetadata.toS3(metadata));
    CopyObjectRequest.Builder request = CopyObjectRequest.builder()
        .sourceBucket(settings.bucket())
        .sourceKey(key)
        .destinationBucket(settings.bucket())
        .destinationKey(key)
        .metadataDirective(MetadataDirective.REPLACE)
        .contentType(metadata.contentType())
        .metadata(s3Metadata);
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
   * {@inheritDoc} Also deletes the object's SLO manifest copy, as upstream (missing is fine). A
   * name whose key is over the limit cannot have been stored, so there is nothing to delete.
   */
  @Override
  public void delete(SwiftPath path) throws StoreException {
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

  /** Same data, same user metadata (compared unquoted), same content type, same SLO-ness. */
  @Override
  public boolean isCurrent(ObjectMetadata local, RemoteObject remote) {
    return hasSameData(local, remote)
        && local.staticLargeObject() == remote.staticLargeObject()
        && MetadataComparison.sameContentType(local.contentType(), remote.contentType())
        && MetadataComparison.sameUserMetadata(local, remote.userMetadata());
  }

  /** Same ETag; for an SLO, the manifest ETag recorded in {@code swift-slo-etag}. */
  @Override
  public boolean hasSameData(ObjectMetadata local, RemoteObject remote) {
    if (local.staticLargeObject()) {
      return MetadataComparison.sameEtag(local.etag(), remote.sloEtag());
    }
    return MetadataComparison.sameEtag(local.etag(), remote.etag());
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
    client.close();
  }

  @Override
  public String toString() {
    return "S3Store[" + describe() + "]";
  }

  private RemoteObject toRemoteObject(HeadObjectResponse response) {
    S3UserMetadata.SwiftView view = S3UserMetadata.fromS3(response.metadata());
    return new RemoteObject(
        MetadataComparison.normalizeEtag(response.eTag()),
        response.contentType(),
        response.contentLength() == null ? 0 : response.contentLength(),
        view.remoteUserMetadata(),
        view.sloEtag(),
        view.staticLargeObject(),
        response.lastModified());
  }

  private String checkedKey(SwiftPath path) throws StoreException {
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
    String where = settings.effectiveEndpoint() == null ? "Amazon S3"
        : settings.effectiveEndpoint().toString();
    return operation + " '" + key + "' in bucket '" + settings.bucket() + "' at " + where;
  }

  private static String errorCode(AwsServiceException e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }
}
