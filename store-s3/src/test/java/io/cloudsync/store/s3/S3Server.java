package io.cloudsync.store.s3;

import io.cloudsync.testing.Saio;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;

/** Swift 2.30's own s3api on the SAIO's public proxy, as a second real S3 endpoint for the store ITs. */
final class SwiftS3Api {
  private SwiftS3Api() {}

  static URI endpoint() {
    return URI.create(Saio.get().proxyUrl());
  }

  /**
   * A plain SDK client for checking what the store wrote, as {@code test:tester}: no aws-chunked
   * bodies and Content-MD5 on uploads, which is what s3api in Swift 2.30 accepts.
   */
  static S3Client plainClient(URI endpoint) {
    return S3Client.builder()
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
}
