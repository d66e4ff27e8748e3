package io.cloudsync.store.gcs;

import com.google.cloud.storage.BlobInfo;
import io.cloudsync.metadata.MetadataComparison;
import io.cloudsync.metadata.S3UserMetadata;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.swift.ObjectMetadata;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The S3 layout's metadata on GCS objects: GCS custom metadata holds exactly what S3 holds as
 * {@code x-amz-meta-*} ({@link S3UserMetadata}: percent-quoted values, {@code swift-slo-etag},
 * {@code x-static-large-object}, and {@value #DLO_ETAG} for a DLO), which is also what GCS's
 * XML API shows as {@code x-amz-meta-*} / {@code x-goog-meta-*}. ETags are GCS's {@code md5Hash}
 * in hex.
 */
final class GcsObjects {
  /** Metadata recording a DLO's Swift ETag at upload, as the S3 store keeps it. */
  static final String DLO_ETAG = "swift-dlo-etag";
  /** GCS's limit on custom metadata: UTF-8 bytes of all keys and values. */
  static final int MAX_METADATA_BYTES = 8 * 1024;
  /** GCS's limit on object names, in UTF-8 bytes. */
  static final int MAX_KEY_BYTES = 1024;

  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

  private GcsObjects() {}

  /** The custom metadata to store with {@code metadata}. */
  static SortedMap<String, String> customMetadata(ObjectMetadata metadata) {
    SortedMap<String, String> custom = S3UserMetadata.toS3(metadata);
    if (metadata.objectManifest() != null) {
      custom.put(DLO_ETAG, metadata.etag());
    }
    return custom;
  }

  /**
   * Custom metadata as stored, with empty values left out: Swift has no empty metadata values, and
   * fake-gcs-server keeps a key removed by a PATCH as an empty value where GCS deletes it.
   */
  static SortedMap<String, String> storedMetadata(BlobInfo blob) {
    SortedMap<String, String> stored = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Map<String, String> raw = blob.getMetadata();
    if (raw != null) {
      raw.forEach((k, v) -> {
        if (v != null && !v.isEmpty()) {
          stored.put(k, v);
        }
      });
    }
    return stored;
  }

  static RemoteObject toRemoteObject(BlobInfo blob) {
    SortedMap<String, String> custom = storedMetadata(blob);
    String dloEtag = custom.remove(DLO_ETAG);
    S3UserMetadata.SwiftView view = S3UserMetadata.fromS3(custom);
    return new RemoteObject(etag(blob), blob.getContentType(), blob.getSize() == null ? 0 : blob.getSize(),
        view.remoteUserMetadata(), view.sloEtag(), view.staticLargeObject(), lastModified(blob),
        dloEtag == null ? null : MetadataComparison.normalizeEtag(dloEtag));
  }

  /** The object's MD5 in lower-case hex (Swift's and S3's ETag), or empty when GCS keeps none (composites). */
  static String etag(BlobInfo blob) {
    return blob.getMd5() == null ? "" : md5Hex(blob.getMd5());
  }

  static Instant lastModified(BlobInfo blob) {
    if (blob.getUpdateTimeOffsetDateTime() != null) {
      return blob.getUpdateTimeOffsetDateTime().toInstant();
    }
    return blob.getCreateTimeOffsetDateTime() == null ? null : blob.getCreateTimeOffsetDateTime().toInstant();
  }

  static String md5Hex(String base64) {
    return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
  }

  /** The base64 MD5 GCS wants for a Swift ETag, or null when the ETag is no MD5. */
  static String md5Base64(String etag) {
    String hex = MetadataComparison.normalizeEtag(etag);
    return MD5_HEX.matcher(hex).matches() ? Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)) : null;
  }
}
