package io.cloudsync.store.s3;

import io.cloudsync.store.Endpoints;
import io.cloudsync.store.RemoteTarget;
import java.net.URI;
import java.util.Objects;

/**
 * How to reach one S3 (or S3-compatible) bucket.
 *
 * @param endpoint the S3 endpoint, e.g. {@code http://127.0.0.1:8080}; null means Amazon S3 (or,
 *     with {@code gcsProfile}, {@code https://storage.googleapis.com})
 * @param bucket bucket name
 * @param identity access key id
 * @param secret secret access key; never printed ({@link #toString()} masks it)
 * @param customPrefix 1space {@code custom_prefix}, or null for swift-s3-sync's hashed layout
 * @param encryption request SSE (AES256) on writes; only sent to Amazon S3, as upstream
 * @param maxConnections HTTP connection pool size
 * @param gcsProfile talk to Google Cloud Storage's XML API: region {@code auto}, path-style, no
 *     aws-chunked bodies, checksums only when required, no multi-object delete
 * @param proxy the egress proxy for this endpoint ({@link io.cloudsync.store.EgressProxy}), or null
 *     to connect directly
 */
public record S3StoreSettings(
    URI endpoint,
    String bucket,
    String identity,
    String secret,
    String customPrefix,
    boolean encryption,
    int maxConnections,
    boolean gcsProfile,
    URI proxy) {

  /** The region requests to an S3-compatible endpoint (not Amazon, not GCS) are signed for. */
  public static final String CUSTOM_ENDPOINT_REGION = "us-east-1";

  public S3StoreSettings {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(secret, "secret");
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("bucket must not be empty");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
    }
    if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null)) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' is not an absolute http(s) URL");
    }
    if (endpoint != null && !endpoint.getScheme().equalsIgnoreCase("http")
        && !endpoint.getScheme().equalsIgnoreCase("https")) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' must use http or https");
    }
  }

  /** Settings that connect directly (no egress proxy). */
  public S3StoreSettings(URI endpoint, String bucket, String identity, String secret, String customPrefix,
      boolean encryption, int maxConnections, boolean gcsProfile) {
    this(endpoint, bucket, identity, secret, customPrefix, encryption, maxConnections, gcsProfile, null);
  }

  /** The settings of a target of protocol s3. */
  public static S3StoreSettings of(RemoteTarget target) {
    return new S3StoreSettings(target.endpoint(), target.bucket(), target.identity(),
        target.secret().reveal(), target.customPrefix(), target.encryption(), target.maxConnections(),
        target.isGoogleXmlApi(), target.proxyUri().orElse(null));
  }

  /** The endpoint requests go to, or null for the SDK's Amazon S3 endpoint resolution. */
  public URI effectiveEndpoint() {
    return endpoint == null && gcsProfile ? Endpoints.GOOGLE : endpoint;
  }

  /** True for Amazon S3 itself ({@link Endpoints#isAmazon}). */
  public boolean isAmazon() {
    return !gcsProfile && Endpoints.isAmazon(endpoint);
  }

  /** True when server-side encryption is requested and the target is Amazon S3. */
  public boolean sendsServerSideEncryption() {
    return encryption && isAmazon();
  }

  /** Multi-object delete (DeleteObjects) is available; GCS's XML API lacks it. */
  public boolean supportsMultiObjectDelete() {
    return !gcsProfile;
  }

  @Override
  public String toString() {
    return "S3StoreSettings[endpoint=" + endpoint + ", bucket=" + bucket + ", identity=" + identity
        + ", secret=****, customPrefix=" + customPrefix + ", encryption=" + encryption
        + ", maxConnections=" + maxConnections + ", gcsProfile=" + gcsProfile + ", proxy="
        + io.cloudsync.store.EgressProxy.describe(proxy) + "]";
  }
}
