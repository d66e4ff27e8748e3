package io.cloudsync.store.s3;

import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.StoreInspector;
import io.cloudsync.store.StoredObject;
import io.cloudsync.swift.SwiftPath;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 bucket read with a plain AWS SDK client. Keys follow swift-s3-sync's default layout
 * ({@link S3KeyNaming}; {@code S3StoreContract} pins it to literal keys); metadata values are read
 * back unquoted as a user would.
 */
final class S3Inspector extends StoreInspector {
  private final S3Client plain;
  private final String bucket;

  S3Inspector(S3Client plain, String bucket) {
    this.plain = plain;
    this.bucket = bucket;
  }

  @Override
  public void createBucket() {
    plain.createBucket(b -> b.bucket(bucket));
  }

  @Override
  public void removeBucket() {
    for (String key : keys()) {
      plain.deleteObject(b -> b.bucket(bucket).key(key));
    }
    try {
      plain.deleteBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      // S3Proxy's in-memory store keeps the empty "directories" of a rejected PUT's key (its
      // listing is empty, yet the bucket counts as not empty); the memory goes with the server.
      if (e.statusCode() != 409) {
        throw e;
      }
    }
  }

  @Override
  public String expectedKey(SwiftPath path) {
    return naming(path).objectKey(path.object());
  }

  @Override
  public Optional<String> manifestKey(SwiftPath path) {
    return Optional.of(naming(path).manifestKey(path.object()));
  }

  @Override
  public List<String> keys() {
    // URL-encoded (and decoded by the SDK): a key with a control character is not valid XML 1.0
    return plain.listObjectsV2Paginator(b -> b.bucket(bucket).encodingType(EncodingType.URL)).contents().stream()
        .map(S3Object::key).toList();
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    HeadObjectResponse head;
    try {
      head = plain.headObject(b -> b.bucket(bucket).key(key));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
    Map<String, String> metadata = new TreeMap<>();
    head.metadata().forEach((k, v) -> metadata.put(k.toLowerCase(Locale.ROOT), unquote(v)));
    return Optional.of(new StoredObject(head.eTag().replace("\"", ""), head.contentType(), head.contentLength(),
        metadata));
  }

  @Override
  public byte[] read(String key) {
    return plain.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  @Override
  public void putForeign(String key, byte[] body) {
    plain.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(body));
  }

  @Override
  public List<String> unfinishedUploads() {
    return plain.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream().map(MultipartUpload::key).toList();
  }

  /** S3's limit, in UTF-8 bytes. */
  @Override
  public int maxKeyBytes() {
    return 1024;
  }

  /** 2073 bytes once percent-quoted: over S3's 2 KiB of user metadata. */
  @Override
  public Map<String, String> oversizedMetadata() {
    return Map.of("big", "☯".repeat(230));
  }

  @Override
  public List<String> messageWords(Failure failure) {
    return switch (failure) {
      case BAD_DIGEST -> List.of("BadDigest");
      case WRONG_SECRET -> List.of("403", "SignatureDoesNotMatch");
      case MISSING_BUCKET -> List.of("NoSuchBucket");
      case KEY_TOO_LONG -> List.of("1025 UTF-8 bytes");
      case METADATA_TOO_LARGE -> List.of("2073 bytes");
    };
  }

  private static S3KeyNaming naming(SwiftPath path) {
    return new S3KeyNaming(path.account(), path.container(), null);
  }

  /** swift-s3-sync's percent-quoting undone ({@code +} is a plus sign, not a space). */
  private static String unquote(String value) {
    return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
