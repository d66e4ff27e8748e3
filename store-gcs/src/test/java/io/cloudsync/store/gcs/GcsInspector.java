package io.cloudsync.store.gcs;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import io.cloudsync.metadata.PercentQuoting;
import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.StoreInspector;
import io.cloudsync.store.StoredObject;
import io.cloudsync.swift.SwiftPath;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A GCS bucket read with the plain client: object names of the S3 layout ({@link S3KeyNaming}),
 * custom metadata read back unquoted, ETags as the MD5 in hex.
 */
final class GcsInspector extends StoreInspector {
  /** 12 keys of 85 × U+262F: 9240 bytes once percent-quoted, over GCS's 8 KiB; each value within Swift's 256 bytes. */
  static final Map<String, String> OVERSIZED = oversized();

  private final Storage plain;
  private final String bucket;

  GcsInspector(Storage plain, String bucket) {
    this.plain = plain;
    this.bucket = bucket;
  }

  @Override
  public void createBucket() {
    plain.create(BucketInfo.of(bucket));
  }

  @Override
  public void removeBucket() {
    for (String key : keys()) {
      plain.delete(BlobId.of(bucket, key));
    }
    plain.delete(bucket);
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
    List<String> keys = new ArrayList<>();
    for (Blob blob : plain.list(bucket).iterateAll()) {
      keys.add(blob.getName());
    }
    return keys;
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    Blob blob = plain.get(BlobId.of(bucket, key));
    if (blob == null) {
      return Optional.empty();
    }
    Map<String, String> metadata = new TreeMap<>();
    if (blob.getMetadata() != null) {
      blob.getMetadata().forEach((k, v) -> {
        if (v != null && !v.isEmpty()) { // fake-gcs-server keeps PATCH-removed keys as ""
          metadata.put(k.toLowerCase(Locale.ROOT), PercentQuoting.unquote(v));
        }
      });
    }
    return Optional.of(new StoredObject(md5Hex(blob), blob.getContentType(), blob.getSize(), metadata));
  }

  /** The raw custom metadata (quoted values), as GCS holds it. */
  Map<String, String> rawMetadata(String key) {
    Map<String, String> raw = new TreeMap<>();
    Blob blob = plain.get(BlobId.of(bucket, key));
    if (blob.getMetadata() != null) {
      blob.getMetadata().forEach((k, v) -> {
        if (v != null && !v.isEmpty()) {
          raw.put(k, v);
        }
      });
    }
    return raw;
  }

  Blob blob(String key) {
    return plain.get(BlobId.of(bucket, key));
  }

  @Override
  public byte[] read(String key) {
    return plain.readAllBytes(BlobId.of(bucket, key));
  }

  @Override
  public void putForeign(String key, byte[] body) {
    plain.create(BlobInfo.newBuilder(bucket, key).build(), body);
  }

  /** GCS lists no resumable sessions; an unfinished one stores nothing and expires after a week. */
  @Override
  public List<String> unfinishedUploads() {
    return List.of();
  }

  @Override
  public int maxKeyBytes() {
    return 1024;
  }

  @Override
  public Map<String, String> oversizedMetadata() {
    return OVERSIZED;
  }

  @Override
  public List<String> messageWords(Failure failure) {
    return switch (failure) {
      case BAD_DIGEST -> List.of("400", "MD5 hash");
      case WRONG_SECRET -> List.of("token request", "refused");
      case MISSING_BUCKET -> List.of("404");
      case KEY_TOO_LONG -> List.of("1025 UTF-8 bytes");
      case METADATA_TOO_LARGE -> List.of("9240 bytes", "8192");
    };
  }

  static String md5Hex(BlobInfo blob) {
    return HexFormat.of().formatHex(Base64.getDecoder().decode(blob.getMd5()));
  }

  private static S3KeyNaming naming(SwiftPath path) {
    return new S3KeyNaming(path.account(), path.container(), null);
  }

  private static Map<String, String> oversized() {
    Map<String, String> big = new TreeMap<>();
    for (int i = 0; i < 12; i++) {
      big.put(String.format("big%02d", i), "\u262f".repeat(85));
    }
    return Map.copyOf(big);
  }
}
