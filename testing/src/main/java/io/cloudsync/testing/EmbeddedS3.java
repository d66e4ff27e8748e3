package io.cloudsync.testing;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server (S3Proxy, in-process, on a free loopback port) for integration tests, and a
 * plain AWS SDK client to check what landed in it the way a user would.
 */
public final class EmbeddedS3 implements AutoCloseable {
  public static final String IDENTITY = "cloudsync-test";
  public static final String SECRET = "cloudsync-test-secret";

  private final S3Proxy proxy;
  private final URI endpoint;
  private final S3Client client;

  private EmbeddedS3(S3Proxy proxy, URI endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.client = client(endpoint, IDENTITY, SECRET);
  }

  /** Starts S3Proxy with the in-memory ("transient") backend. */
  public static EmbeddedS3 start() {
    return start("transient", new Properties());
  }

  /** Starts S3Proxy with the filesystem backend under {@code dir}. */
  public static EmbeddedS3 startFilesystem(Path dir) {
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    return start("filesystem", props);
  }

  private static EmbeddedS3 start(String provider, Properties props) {
    try {
      props.setProperty("jclouds.identity", IDENTITY);
      props.setProperty("jclouds.credential", SECRET);
      if (props.containsKey("jclouds.filesystem.basedir")) {
        Files.createDirectories(Path.of(props.getProperty("jclouds.filesystem.basedir")));
      }
      URI endpoint = URI.create("http://127.0.0.1:" + freePort());
      S3Proxy proxy = S3Proxy.builder()
          .blobStore(BlobStores.create(provider, props))
          .endpoint(endpoint)
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, SECRET)
          .build();
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        Thread.sleep(20);
      }
      return new EmbeddedS3(proxy, endpoint);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start S3Proxy: " + e.getMessage(), e);
    }
  }

  static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** An AWS SDK client for any S3 endpoint (path style, us-east-1, checksums only when required). */
  public static S3Client client(URI endpoint, String identity, String secret) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(identity, secret)))
        .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  public S3Client client() {
    return client;
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  @Override
  public void close() {
    client.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy", e);
    }
  }
}
