package io.cloudsync.store.s3;

import io.cloudsync.testing.EmbeddedS3;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3Store} against S3Proxy 4.1.0 (in-process, in-memory). */
class S3StoreS3ProxyIT extends S3StoreContract {
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
  URI endpoint() {
    return s3.endpoint();
  }

  @Override
  String identity() {
    return EmbeddedS3.IDENTITY;
  }

  @Override
  String secret() {
    return EmbeddedS3.SECRET;
  }

  @Override
  S3Client plain() {
    return s3.client();
  }

  @Override
  String server() {
    return "S3Proxy";
  }
}
