package io.cloudsync.store.s3;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3Store} against Swift 2.30's own s3api on the SAIO (credentials {@code test:tester}). */
class S3StoreSwiftS3ApiIT extends S3StoreContract {
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
  URI endpoint() {
    return endpoint;
  }

  @Override
  String identity() {
    return "test:tester";
  }

  @Override
  String secret() {
    return "testing";
  }

  @Override
  S3Client plain() {
    return plain;
  }

  @Override
  String server() {
    return "Swift s3api";
  }

  /** Swift names may hold {@code //} or start with {@code /}; S3Proxy cannot store such keys. */
  @ParameterizedTest
  @ValueSource(strings = {"a//b", "/leading", "//double/leading", "trailing/"})
  void slashHeavyNamesAreStoredUnderTheExactKey(String name) throws Exception {
    uploadAndCheckExactKey(name);
  }
}
