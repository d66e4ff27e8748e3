package io.cloudsync.store.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link S3Store}'s large-object paths against S3Proxy 4.1.0 (in-process, in-memory). */
class S3StoreLargeObjectS3ProxyIT extends S3StoreLargeObjectContract {
  private static S3Server server;

  @BeforeAll
  static void start() {
    server = S3Server.s3Proxy();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  S3Server s3() {
    return server;
  }
}
