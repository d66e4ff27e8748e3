package io.cloudsync.store.s3;

import io.cloudsync.testing.Saio;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link S3Store}'s large-object paths against Swift 2.30's own s3api on the SAIO. */
class S3StoreLargeObjectSwiftS3ApiIT extends S3StoreLargeObjectContract {
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
