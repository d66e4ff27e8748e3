package io.cloudsync.store.s3;

import io.cloudsync.testing.Saio;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3Store} against Swift 2.30's own s3api on the SAIO (credentials {@code test:tester}). */
class S3StoreSwiftS3ApiIT extends S3StoreContract {
  private static URI endpoint;
  private static S3Client plain;

  @BeforeAll
  static void start() {
    endpoint = URI.create(Saio.get().proxyUrl());
    plain = S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .addPlugin(LegacyMd5Plugin.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test:tester", "testing")))
        .build();
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
  @ValueSource(strings = {"a//b", "/leading", "//double/leading", "trailing/", "a/./b", "a/../b"})
  void slashHeavyNamesAreStoredUnderTheExactKey(String name) throws Exception {
    uploadAndCheckExactKey(name);
  }
}
