package io.cloudsync.store;

import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.Protocol;
import io.cloudsync.config.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * Everything a backend needs to reach one remote bucket or container, as plain values: what the
 * {@link StoreFactory} builds stores and readers from. A mapping, a {@code verify} command line or
 * a migration each turn into one.
 *
 * @param protocol which backend
 * @param endpoint the service's URL (S3 endpoint, Swift auth URL, GCS API root), or null for the
 *     service's public default (Amazon S3)
 * @param bucket the bucket or remote container
 * @param identity access key id or user name
 * @param secret secret key or password (gcs: the service-account JSON, empty for Application Default
 *     Credentials); its {@code toString} is masked
 * @param customPrefix 1space {@code custom_prefix}, or null for swift-s3-sync's hashed layout
 * @param encryption server-side encryption requested (applied by Amazon S3 only)
 * @param maxConnections the backend's HTTP connection pool size
 * @param remoteAccount Swift only: the account to write into when it is not the user's own (an
 *     admin writing into {@code AUTH_other}), or null
 * @param perAccount the mapping covers every container of a local account ({@code container: "/*"});
 *     a Swift target then uses {@code bucket} as the prefix of its remote container names (1space)
 * @param authVersion Swift only: 1 (v1 auth: tempauth, swauth) or 3 (Keystone v3)
 * @param proxy the egress proxy ({@code http_proxy}/{@code https_proxy}) every backend must use to
 *     reach {@code endpoint} ({@link EgressProxy#forEndpoint}); {@link EgressProxy#NONE} for direct
 * @param storagePolicy Swift only: the storage policy of remote containers the store creates, or
 *     null for the remote cluster's default
 * @param keystone Swift only: the Keystone v3 scope when {@code authVersion} is 3, else null
 */
public record RemoteTarget(
    Protocol protocol,
    URI endpoint,
    String bucket,
    String identity,
    Secret secret,
    String customPrefix,
    boolean encryption,
    int maxConnections,
    String remoteAccount,
    boolean perAccount,
    int authVersion,
    EgressProxy proxy,
    String storagePolicy,
    io.cloudsync.config.KeystoneV3 keystone) {

  /** A target whose containers get the remote's default storage policy. */
  public RemoteTarget(Protocol protocol, URI endpoint, String bucket, String identity, Secret secret,
      String customPrefix, boolean encryption, int maxConnections, String remoteAccount, boolean perAccount,
      int authVersion, EgressProxy proxy) {
    this(protocol, endpoint, bucket, identity, secret, customPrefix, encryption, maxConnections, remoteAccount,
        perAccount, authVersion, proxy, null, null);
  }

  public RemoteTarget {
    proxy = proxy == null ? EgressProxy.NONE : proxy;
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(secret, "secret");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
    }
  }

  /** A target in the user's own account, for one bucket or container (not a per-account mapping). */
  public RemoteTarget(Protocol protocol, URI endpoint, String bucket, String identity, Secret secret,
      String customPrefix, boolean encryption, int maxConnections) {
    this(protocol, endpoint, bucket, identity, secret, customPrefix, encryption, maxConnections, null, false, 1,
        EgressProxy.NONE);
  }

  /** A target without an egress proxy. */
  public RemoteTarget(Protocol protocol, URI endpoint, String bucket, String identity, Secret secret,
      String customPrefix, boolean encryption, int maxConnections, String remoteAccount, boolean perAccount,
      int authVersion) {
    this(protocol, endpoint, bucket, identity, secret, customPrefix, encryption, maxConnections, remoteAccount,
        perAccount, authVersion, EgressProxy.NONE);
  }

  /**
   * The target of a configured mapping, with a pool of {@code maxConnections}, reached directly. A
   * gcs mapping without {@code gcs_credentials} (Application Default Credentials) has an empty
   * identity and secret.
   */
  public static RemoteTarget of(MappingConfig mapping, int maxConnections) {
    return of(mapping, maxConnections, EgressProxy.NONE);
  }

  /** The target of a configured mapping, with a pool of {@code maxConnections}, through {@code proxy}. */
  public static RemoteTarget of(MappingConfig mapping, int maxConnections, EgressProxy proxy) {
    return new RemoteTarget(mapping.protocol(), Endpoints.parse(mapping.awsEndpoint()), mapping.awsBucket(),
        mapping.awsIdentity() == null ? "" : mapping.awsIdentity(),
        mapping.awsSecret() == null ? Secret.of("") : mapping.awsSecret(), mapping.customPrefix(), mapping.encryption(), maxConnections,
        mapping.remoteAccount(), mapping.perAccount(), mapping.authVersion() == null ? 1 : mapping.authVersion(),
        proxy, mapping.storagePolicy(), mapping.keystone());
  }

  /**
   * The source of a migration ({@code migrations[]}), read with native keys: an empty
   * {@code custom_prefix}, so an object's key is its name.
   *
   * @param bucket the source bucket or container (for {@code perAccount}: the prefix of the remote
   *     container names, empty for all)
   * @param perAccount a Swift source read as a whole account (its containers by their own names)
   */
  public static RemoteTarget ofMigration(io.cloudsync.config.MigrationConfig migration, String bucket,
      boolean perAccount, int maxConnections, EgressProxy proxy) {
    return new RemoteTarget(migration.protocol(), Endpoints.parse(migration.awsEndpoint()), bucket,
        migration.awsIdentity(), migration.awsSecret(), "", false, maxConnections, migration.remoteAccount(),
        perAccount && migration.protocol() == io.cloudsync.config.Protocol.SWIFT,
        migration.authVersion() == null ? 1 : migration.authVersion(), proxy);
  }

  /** The same target through another egress proxy. */
  public RemoteTarget withProxy(EgressProxy egress) {
    return new RemoteTarget(protocol, endpoint, bucket, identity, secret, customPrefix, encryption, maxConnections,
        remoteAccount, perAccount, authVersion, egress, storagePolicy, keystone);
  }

  /** The egress proxy for this target's endpoint, or empty to connect directly. */
  public java.util.Optional<URI> proxyUri() {
    return proxy.forEndpoint(endpoint);
  }

  /** Amazon S3 itself ({@link Endpoints#isAmazon}). */
  public boolean isAmazon() {
    return protocol == Protocol.S3 && Endpoints.isAmazon(endpoint);
  }

  /** Google Cloud Storage through its S3-compatible XML API (protocol s3 with Google's endpoint). */
  public boolean isGoogleXmlApi() {
    return protocol == Protocol.S3 && Endpoints.isGoogle(endpoint);
  }
}
