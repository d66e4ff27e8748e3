package io.cloudsync.store.s3;

import io.cloudsync.testing.EmbeddedS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3Store}'s large-object paths against S3Proxy 4.1.0 (in-process, in-memory). */
class S3StoreLargeObjectS3ProxyIT extends S3StoreLargeObjectContract {
  private static EmbeddedS3 s3;

  @BeforeAll
  static void start() {
    s3 = EmbeddedS3.start();
  }

  @AfterAll
  static void stop() {
    s3.close();
  }

  @Override
  S3Client plain() {
    return s3.client();
  }

  @Override
  S3StoreSettings settings(String bucketName) {
    return new S3StoreSettings(s3.endpoint(), bucketName, EmbeddedS3.IDENTITY, EmbeddedS3.SECRET, null, false, 4,
        false);
  }

  @Override
  long requests(String operation) {
    return s3.requests(operation);
  }
}
