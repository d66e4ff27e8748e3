package io.cloudsync.store.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link S3Store}'s large-object paths against Swift 2.30's own s3api on the SAIO. */
class S3StoreLargeObjectSwiftS3ApiIT extends S3StoreLargeObjectContract {
  private static S3Server server;

  @BeforeAll
  static void start() {
    server = S3Server.swiftS3Api();
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
