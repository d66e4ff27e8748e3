package io.cloudsync.store.swift;

import io.cloudsync.config.KeystoneV3;
import io.cloudsync.config.Protocol;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.config.Secret;
import io.cloudsync.store.RemoteTarget;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a remote Swift target is and how its containers are named (1space's {@code protocol:
 * "swift"}): one remote container for a single-container mapping, or, for a per-account mapping
 * ({@code container: "/*"}), {@code <bucket><local container>} for each local container.
 *
 * @param authUrl the v1 auth URL ({@code aws_endpoint})
 * @param user {@code aws_identity}
 * @param key {@code aws_secret}
 * @param remoteAccount the account to write into when not the user's own, or null
 * @param bucket the remote container, or the prefix of the remote containers' names
 * @param perAccount {@code bucket} is a prefix
 * @param maxConnections pooled HTTP connections
 * @param proxy the egress proxy for the auth URL's scheme ({@link io.cloudsync.store.EgressProxy}),
 *     also used for the storage URL the cluster hands out; null to connect directly
 * @param storagePolicy the {@code X-Storage-Policy} of containers the store creates, or null for the
 *     remote cluster's default
 * @param keystone Keystone v3 scope ({@code authUrl} is then Keystone's URL), or null for v1 auth
 */
public record SwiftSettings(URI authUrl, String user, Secret key, String remoteAccount, String bucket,
    boolean perAccount, int maxConnections, URI proxy, String storagePolicy, KeystoneV3 keystone) {

  /** Settings with v1 auth whose containers get the remote's default policy. */
  public SwiftSettings(URI authUrl, String user, Secret key, String remoteAccount, String bucket,
      boolean perAccount, int maxConnections, URI proxy) {
    this(authUrl, user, key, remoteAccount, bucket, perAccount, maxConnections, proxy, null, null);
  }

  /** Settings that connect directly (no egress proxy). */
  public SwiftSettings(URI authUrl, String user, Secret key, String remoteAccount, String bucket,
      boolean perAccount, int maxConnections) {
    this(authUrl, user, key, remoteAccount, bucket, perAccount, maxConnections, null);
  }

  public SwiftSettings {
    Objects.requireNonNull(authUrl, "authUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(bucket, "bucket");
    String scheme = authUrl.getScheme() == null ? "" : authUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || authUrl.getHost() == null) {
      throw new IllegalArgumentException("the Swift auth URL must be an http(s) URL, not " + authUrl);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
    }
  }

  /**
   * The settings of a {@code protocol: swift} target.
   *
   * @throws IllegalArgumentException when it has no auth URL or is not a Swift target
   */
  public static SwiftSettings of(RemoteTarget target) {
    if (target.protocol() != Protocol.SWIFT) {
      throw new IllegalArgumentException("not a swift target: " + target.protocol().jsonName());
    }
    if (target.endpoint() == null) {
      throw new IllegalArgumentException("a swift target needs aws_endpoint: the v1 auth URL of the remote cluster");
    }
    return new SwiftSettings(target.endpoint(), target.identity(), target.secret(), target.remoteAccount(),
        target.bucket(), target.perAccount(), target.maxConnections(), target.proxyUri().orElse(null),
        target.storagePolicy(), target.keystone());
  }

  /** The remote container of local container {@code container}. */
  public String container(String container) {
    return perAccount ? bucket + container : bucket;
  }

  /** Where an SLO's segments go: {@code <remote container>_segments} (1space). */
  public static String segmentsContainer(String container) {
    return container + "_segments";
  }

  /** For log lines; never a secret. */
  public String describe() {
    String containers = perAccount ? "containers '" + LogSafe.text(bucket) + "<container>'"
        : "container '" + LogSafe.text(bucket) + "'";
    return "swift " + containers + " at " + authUrl + (keystone == null ? "" : " (Keystone v3, project '"
        + LogSafe.text(keystone.projectName()) + "')") + (remoteAccount == null ? "" : " (account " + remoteAccount + ")")
        + (storagePolicy == null ? "" : " (storage policy '" + LogSafe.text(storagePolicy) + "')");
  }
}
