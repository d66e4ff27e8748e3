package io.cloudsync.store.gcs;

import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import io.cloudsync.metadata.PercentQuoting;
import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.ArchiveSeeder;
import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A GCS bucket written with the plain client the way the native store archives: S3-layout names,
 * percent-quoted custom metadata, an SLO as one object of its whole content with
 * {@code x-static-large-object} and {@code swift-slo-etag}, and its manifest copy.
 */
final class GcsSeeder extends ArchiveSeeder {
  private final Storage plain;
  private final String bucket;
  private final GcsInspector inspector;

  GcsSeeder(Storage plain, String bucket) {
    this.plain = plain;
    this.bucket = bucket;
    this.inspector = new GcsInspector(plain, bucket);
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

  void putRaw(String key, byte[] body, String contentType, Map<String, String> metadata) {
    plain.create(BlobInfo.newBuilder(bucket, key).setContentType(contentType).setMetadata(metadata).build(), body);
  }

  @Override
  public void putSlo(SwiftPath path, List<byte[]> segments, byte[] manifestJson, String sloEtag) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    segments.forEach(content::writeBytes);
    putRaw(inspector.expectedKey(path), content.toByteArray(), "application/octet-stream",
        Map.of("x-static-large-object", "True", "swift-slo-etag", sloEtag));
    putRaw(inspector.manifestKey(path).orElseThrow(), manifestJson, "application/json", Map.of());
  }

  @Override
  public String etag(SwiftPath path) {
    return inspector.stat(path).etag();
  }

  @Override
  public String unstorableName(String account, String container) {
    String prefix = new S3KeyNaming(account, container, null).listingPrefix();
    return "x".repeat(inspector.maxKeyBytes() - prefix.getBytes(StandardCharsets.UTF_8).length + 1);
  }

  @Override
  public List<String> errorWords(int status) {
    return switch (status) {
      case 404 -> List.of("No such object");
      case 412 -> List.of("Precondition Failed");
      case 416 -> List.of("Not Satisfiable");
      default -> throw new IllegalArgumentException("no words for " + status);
    };
  }
}
