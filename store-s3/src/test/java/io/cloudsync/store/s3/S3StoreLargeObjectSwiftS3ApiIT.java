package io.cloudsync.store.s3;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3Store}'s large-object paths against Swift 2.30's own s3api on the SAIO. */
class S3StoreLargeObjectSwiftS3ApiIT extends S3StoreLargeObjectContract {
  private static URI endpoint;
  private static S3Client plain;

  @BeforeAll
  static void start() {
    endpoint = SwiftS3Api.endpoint();
    plain = SwiftS3Api.plainClient(endpoint);
  }

  @AfterAll
  static void stop() {
    plain.close();
  }

  @Override
  S3Client plain() {
    return plain;
  }

  @Override
  S3StoreSettings settings(String bucketName) {
    return new S3StoreSettings(endpoint, bucketName, "test:tester", "testing", null, false, 4, false);
  }

  /** s3api keeps no per-operation counters. */
  @Override
  long requests(String operation) {
    return -1;
  }
}
