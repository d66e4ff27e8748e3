package io.cloudsync.store.s3;

import io.cloudsync.store.ReaderBackend;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreAddress;
import io.cloudsync.store.StoreBackend;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.Saio;
import java.net.URI;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server the store and reader ITs run against, with a plain SDK client to check what it
 * holds or to seed it, and the {@link S3Store} and {@link S3RemoteReader} backend on it.
 *
 * @param requests requests of an S3 operation the server has answered so far, or -1 when it does not say
 * @param gcsProfile stores talk to it with the GCS XML-API profile
 * @param codePointListing it lists keys in code point (UTF-8 byte) order, as S3 and Swift do;
 *     S3Proxy's in-memory store lists in UTF-16 order ({@code x😀} before {@code x\uff01})
 * @param resources what {@link #close()} releases
 */
record S3Server(String name, URI endpoint, String identity, String secret, S3Client plain,
    ToLongFunction<String> requests, boolean gcsProfile, boolean codePointListing, AutoCloseable resources)
    implements StoreBackend, ReaderBackend, AutoCloseable {

  /** S3Proxy 4.1.0, in-process, in-memory. */
  static S3Server s3Proxy() {
    EmbeddedS3 s3 = EmbeddedS3.start();
    return new S3Server("S3Proxy", s3.endpoint(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET, s3.client(), s3::requests,
        false, false, s3);
  }

  /**
   * Swift 2.30's own s3api on the SAIO's public proxy, as {@code test:tester}. Its plain client
   * sends no aws-chunked bodies and Content-MD5 on uploads, which is what s3api in Swift 2.30
   * accepts; s3api keeps no per-operation counters.
   */
  static S3Server swiftS3Api() {
    URI endpoint = URI.create(Saio.get().proxyUrl());
    S3Client plain = S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .addPlugin(LegacyMd5Plugin.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test:tester", "testing")))
        .build();
    return new S3Server("Swift s3api", endpoint, "test:tester", "testing", plain, operation -> -1, false, true,
        plain);
  }

  /**
   * The same server reached with the GCS XML-API profile (region {@code auto}, path-style, no
   * aws-chunked, checksums only when required).
   */
  S3Server withGcsProfile() {
    return new S3Server(name + " (GCS profile)", endpoint, identity, secret, plain, requests, true, codePointListing,
        resources);
  }

  /** The settings of a store at {@code address}, with a 1space custom prefix or null. */
  S3StoreSettings settings(StoreAddress address, String customPrefix) {
    return settings(address, customPrefix, 4);
  }

  /** The settings of a store or reader at {@code address} with at most {@code maxConnections}. */
  S3StoreSettings settings(StoreAddress address, String customPrefix, int maxConnections) {
    return new S3StoreSettings(address.endpoint(), address.bucket(), identity, address.secret(), customPrefix, false,
        maxConnections, gcsProfile);
  }

  long requests(String operation) {
    return requests.applyAsLong(operation);
  }

  @Override
  public StoreAddress address(String bucket) {
    return new StoreAddress(endpoint, bucket, secret);
  }

  @Override
  public RemoteStore open(StoreAddress address) {
    return new S3Store(settings(address, null));
  }

  @Override
  public S3Inspector inspect(String bucket) {
    return new S3Inspector(plain, bucket);
  }

  @Override
  public S3RemoteReader openReader(StoreAddress address, int maxConnections) {
    return new S3RemoteReader(settings(address, null, maxConnections));
  }

  @Override
  public S3Seeder seed(String bucket) {
    // the GCS profile lists without encoding-type=url
    return new S3Seeder(plain, bucket, codePointListing, !gcsProfile);
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop " + name, e);
    }
  }
}
