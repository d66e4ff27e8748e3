package io.cloudsync.store.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link S3Store} against Swift 2.30's own s3api on the SAIO (credentials {@code test:tester}). */
class S3StoreSwiftS3ApiIT extends S3StoreContract {
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

  /** Swift names may hold {@code //} or start with {@code /}; S3Proxy cannot store such keys. */
  @ParameterizedTest
  @ValueSource(strings = {"a//b", "/leading", "//double/leading", "trailing/"})
  void slashHeavyNamesAreStoredUnderTheExactKey(String name) throws Exception {
    uploadAndCheckExactKey(name);
  }
}
