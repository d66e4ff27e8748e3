package io.cloudsync.store.gcs;

import io.cloudsync.store.RemoteTarget;
import java.net.URI;
import java.util.Objects;

/**
 * How to reach one Google Cloud Storage bucket through the JSON API.
 *
 * @param endpoint the API root ({@code aws_endpoint}), e.g. a private endpoint or an emulator's
 *     {@code http://127.0.0.1:4443}; null for the public {@value #PUBLIC_API}
 * @param bucket the bucket ({@code aws_bucket})
 * @param credentialsJson the service-account JSON ({@code gcs_credentials}, already read from its
 *     path, {@code file:} or {@code env:}), or empty for Application Default Credentials; never
 *     printed ({@link #toString()} masks it)
 * @param customPrefix 1space {@code custom_prefix}, or null for swift-s3-sync's hashed layout
 * @param maxConnections HTTP connection pool size
 * @param proxy the egress proxy ({@code http_proxy}/{@code https_proxy} for the endpoint's scheme),
 *     or null to connect directly; API and token requests both go through it
 */
public record GcsSettings(URI endpoint, String bucket, String credentialsJson, String customPrefix,
    int maxConnections, URI proxy) {

  /** The public JSON API root. */
  public static final String PUBLIC_API = "https://storage.googleapis.com";

  public GcsSettings {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(credentialsJson, "credentialsJson");
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("bucket must not be empty");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
    }
    if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null
        || !(endpoint.getScheme().equalsIgnoreCase("http") || endpoint.getScheme().equalsIgnoreCase("https")))) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' is not an absolute http(s) URL");
    }
    if (proxy != null && proxy.getUserInfo() != null) {
      throw new IllegalArgumentException("a gcs mapping cannot use an egress proxy with user:password"
          + " (the Google client's HTTP transport sends no proxy credentials); use a proxy without them");
    }
  }

  /** Settings reached directly (no egress proxy). */
  public GcsSettings(URI endpoint, String bucket, String credentialsJson, String customPrefix, int maxConnections) {
    this(endpoint, bucket, credentialsJson, customPrefix, maxConnections, null);
  }

  /** The settings of a target of protocol gcs: its secret is the service-account JSON (empty: ADC). */
  public static GcsSettings of(RemoteTarget target) {
    return new GcsSettings(target.endpoint(), target.bucket(), target.secret().reveal(), target.customPrefix(),
        target.maxConnections(), target.proxyUri().orElse(null));
  }

  /** The API root requests go to, without a trailing slash. */
  public String apiRoot() {
    if (endpoint == null) {
      return PUBLIC_API;
    }
    String root = endpoint.toString();
    return root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /** The same bucket with another pool size. */
  public GcsSettings withMaxConnections(int connections) {
    return new GcsSettings(endpoint, bucket, credentialsJson, customPrefix, connections, proxy);
  }

  @Override
  public String toString() {
    return "GcsSettings[endpoint=" + apiRoot() + ", bucket=" + bucket + ", credentials="
        + (credentialsJson.isEmpty() ? "application default" : "****") + ", customPrefix=" + customPrefix
        + ", maxConnections=" + maxConnections + (proxy == null ? "" : ", proxy=" + proxy) + "]";
  }
}
