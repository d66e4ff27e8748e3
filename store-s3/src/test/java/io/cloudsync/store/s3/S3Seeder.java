package io.cloudsync.store.s3;

import io.cloudsync.metadata.PercentQuoting;
import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.ArchiveSeeder;
import io.cloudsync.swift.SwiftPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An S3 bucket written with a plain AWS SDK client the way swift-s3-sync archives: keys of its
 * default layout ({@link S3KeyNaming}; {@code S3RemoteReaderContract} pins one to a literal key),
 * metadata percent-quoted, an SLO as a multipart upload of one part per segment marked
 * {@code x-static-large-object} with the recorded {@code swift-slo-etag}, and its manifest copy
 * under {@code .manifests}.
 */
final class S3Seeder extends ArchiveSeeder {
  private final S3Client plain;
  private final String bucket;
  private final S3Inspector inspector;
  private final boolean codePointListing;
  private final boolean encodedListing;

  S3Seeder(S3Client plain, String bucket, boolean codePointListing, boolean encodedListing) {
    this.plain = plain;
    this.bucket = bucket;
    this.inspector = new S3Inspector(plain, bucket);
    this.codePointListing = codePointListing;
    this.encodedListing = encodedListing;
  }

  @Override
  public void createBucket() {
    inspector.createBucket();
  }

  @Override
  public void removeBucket() {
    inspector.removeBucket();
  }

  @Override
  public void put(SwiftPath path, byte[] body, String contentType, Map<String, String> metadata) {
    Map<String, String> quoted = new TreeMap<>();
    metadata.forEach((k, v) -> quoted.put(k.toLowerCase(Locale.ROOT), PercentQuoting.quote(v)));
    putRaw(inspector.expectedKey(path), body, contentType, quoted);
  }

  /** Puts {@code body} at a raw key with raw S3 user metadata. */
  void putRaw(String key, byte[] body, String contentType, Map<String, String> metadata) {
    plain.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
        RequestBody.fromBytes(body));
  }

  @Override
  public void putSlo(SwiftPath path, List<byte[]> segments, byte[] manifestJson, String sloEtag) {
    String key = inspector.expectedKey(path);
    String uploadId = plain.createMultipartUpload(b -> b.bucket(bucket).key(key)
        .contentType("application/octet-stream")
        .metadata(Map.of("x-static-large-object", "True", "swift-slo-etag", sloEtag))).uploadId();
    CompletedPart[] parts = new CompletedPart[segments.size()];
    for (int i = 0; i < parts.length; i++) {
      int number = i + 1;
      String etag = plain.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
          RequestBody.fromBytes(segments.get(number - 1))).eTag();
      parts[i] = CompletedPart.builder().partNumber(number).eTag(etag).build();
    }
    plain.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(parts)));
    putRaw(inspector.manifestKey(path).orElseThrow(), manifestJson, "application/json", Map.of());
  }

  @Override
  public String etag(SwiftPath path) {
    return inspector.stat(path).etag();
  }

  /** Within Swift's 1024 bytes, but its key is one byte over S3's 1024. */
  @Override
  public String unstorableName(String account, String container) {
    return "x".repeat(maxNameBytes(account, container) + 1);
  }

  /** The longest name whose key S3 holds. */
  int maxNameBytes(String account, String container) {
    String prefix = new S3KeyNaming(account, container, null).listingPrefix();
    return inspector.maxKeyBytes() - prefix.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public boolean listsInCodePointOrder() {
    return codePointListing;
  }

  @Override
  public boolean listsControlCharacters() {
    return encodedListing;
  }

  @Override
  public List<String> errorWords(int status) {
    return switch (status) {
      case 404 -> List.of("NoSuchKey");
      case 412 -> List.of("PreconditionFailed");
      case 416 -> List.of("InvalidRange");
      default -> throw new IllegalArgumentException("no words for " + status);
    };
  }
}
