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
  private final URI metrics;
  private final S3Client client;
  private final LandedWrites landed;

  private EmbeddedS3(S3Proxy proxy, URI endpoint, URI metrics, LandedWrites landed) {
    this.proxy = proxy;
    this.landed = landed;
    this.endpoint = endpoint;
    this.metrics = metrics;
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
      int metricsPort = freePort();
      LandedWrites landed = new LandedWrites(BlobStores.create(provider, props));
      S3Proxy proxy = S3Proxy.builder()
          .blobStore(landed)
          .endpoint(endpoint)
          .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, SECRET)
          .metricsEnabled(true)
          .metricsHost("127.0.0.1")
          .metricsPort(metricsPort)
          .build();
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        Thread.sleep(20);
      }
      return new EmbeddedS3(proxy, endpoint, URI.create("http://127.0.0.1:" + metricsPort + "/metrics"), landed);
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

  /** S3Proxy's own Prometheus text: requests counted by S3 operation, as the server saw them. */
  public String metricsText() {
    try {
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      return http.send(java.net.http.HttpRequest.newBuilder(metrics).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read S3Proxy metrics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The writes the server's store kept (PUTs, parts, completed multipart uploads, copies), in
   * order: unlike {@link #requests(String)}, never a request that was refused or cut mid-body.
   */
  public LandedWrites landed() {
    return landed;
  }

  /**
   * How many requests of an S3 operation (e.g. {@code PutObject}, {@code CopyObject},
   * {@code HeadObject}) the server has answered so far, summed over every label set. Every request
   * counts, whatever its outcome (refused, cut mid-body, timed out): to count what was stored, use
   * {@link #landed()}.
   */
  public long requests(String operation) {
    long total = 0;
    for (String line : metricsText().split("\n")) {
      if (line.startsWith("#") || !line.contains("s3_operation=\"" + operation + "\"")) {
        continue;
      }
      String name = line.substring(0, Math.max(0, line.indexOf('{')));
      if (!name.endsWith("_count")) {
        continue;
      }
      String value = line.substring(line.lastIndexOf(' ') + 1);
      total += (long) Double.parseDouble(value);
    }
    return total;
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
