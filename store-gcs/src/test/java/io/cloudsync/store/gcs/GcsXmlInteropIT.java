package io.cloudsync.store.gcs;

import static io.cloudsync.store.TestBytes.md5;
import static io.cloudsync.store.TestBytes.random;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.store.CountingSource;
import io.cloudsync.store.LargeBody;
import io.cloudsync.store.MemoryBody;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.s3.S3Store;
import io.cloudsync.store.s3.S3StoreSettings;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.testing.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The native store and the XML-interop store (protocol s3 with the GCS profile, here against
 * S3Proxy, as its other tests run) write the same object names and the same metadata for the
 * same Swift objects: plain objects with odd names and metadata, an SLO with its manifest copy, a
 * DLO. So one bucket can be switched between them without re-uploading (README).
 */
class GcsXmlInteropIT {
  private static final String ACCOUNT = "AUTH_test";
  private static final String CONTAINER = "interop ☃";
  private static GcsServer gcs;
  private static EmbeddedS3 s3;

  @BeforeAll
  static void start() {
    gcs = GcsServer.start();
    s3 = EmbeddedS3.start();
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (gcs != null) {
      gcs.close();
    }
  }

  @Test
  void bothWriteTheSameNamesAndMetadata() throws Exception {
    String bucket = "cs-interop-" + UUID.randomUUID().toString().substring(0, 8);
    GcsInspector native_ = gcs.inspect(bucket);
    native_.createBucket();
    s3.createBucket(bucket);
    try (RemoteStore gcsStore = gcs.open(gcs.address(bucket));
        RemoteStore xmlStore = new S3Store(new S3StoreSettings(s3.endpoint(), bucket, EmbeddedS3.IDENTITY,
            EmbeddedS3.SECRET, null, false, 2, true))) {
      for (RemoteStore store : List.of(gcsStore, xmlStore)) {
        writeTheSameObjects(store);
      }
      List<String> s3Keys = s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
          .map(S3Object::key).sorted().toList();
      assertThat(native_.keys()).hasSize(5).containsExactlyElementsOf(s3Keys);
      for (String key : s3Keys) {
        Map<String, String> xml = new TreeMap<>();
        s3.client().headObject(b -> b.bucket(bucket).key(key)).metadata()
            .forEach((k, v) -> xml.put(k.toLowerCase(Locale.ROOT), v));
        assertThat(native_.rawMetadata(key)).as(key).isEqualTo(xml);
      }
    } finally {
      native_.removeBucket();
    }
  }

  private static void writeTheSameObjects(RemoteStore store) throws Exception {
    byte[] body = "same".getBytes(StandardCharsets.UTF_8);
    store.upload(new SwiftPath(ACCOUNT, CONTAINER, "ünï/cødé ☃ ?#%+"), ObjectMetadata.simple(md5(body), "text/plain",
        body.length, Map.of("color", "ünï ☯", "spaced", "a b", "tilde", "~/x")), new CountingSource(body));
    store.upload(new SwiftPath(ACCOUNT, CONTAINER, "empty"), ObjectMetadata.simple(
        "d41d8cd98f00b204e9800998ecf8427e", "application/octet-stream", 0, Map.of()), new CountingSource(new byte[0]));
    byte[] first = random(300_000, 1);
    byte[] second = random(1000, 2);
    byte[] content = new byte[first.length + second.length];
    System.arraycopy(first, 0, content, 0, first.length);
    System.arraycopy(second, 0, content, first.length, second.length);
    store.uploadLargeObject(new SwiftPath(ACCOUNT, CONTAINER, "slo"), new ObjectMetadata(
        "0123456789abcdef0123456789abcdef", "application/octet-stream", 123, new TreeMap<>(Map.of("kind", "slo")),
        true, null, null), new MemoryBody(content, List.of(new LargeBody.Piece(first.length, md5(first)),
            new LargeBody.Piece(second.length, md5(second))), "[{\"name\": \"/segs/1\"}]".getBytes(StandardCharsets.UTF_8)));
    store.uploadLargeObject(new SwiftPath(ACCOUNT, CONTAINER, "dlo"), new ObjectMetadata(
        "fedcba9876543210fedcba9876543210", "application/octet-stream", content.length, new TreeMap<>(), false,
        "segs/dlo/", null), new MemoryBody(content, List.of()));
  }
}
