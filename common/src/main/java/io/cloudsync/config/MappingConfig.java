package io.cloudsync.config;

import io.cloudsync.store.Endpoints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One entry of {@code containers[]}: a local container (or a whole account) and the remote
 * store it is synced or archived to. JSON keys are swift-s3-sync's; Java names are their
 * camel-case forms.
 *
 * @param account {@code account}, local Swift account, e.g. {@code AUTH_test}
 * @param container {@code container}, local container, or {@code /*} for every container of
 *     the account (see {@link #perAccount()})
 * @param protocol {@code protocol}, default {@link Protocol#S3}
 * @param awsBucket {@code aws_bucket}: S3/GCS bucket or remote Swift container; for a
 *     per-account Swift mapping, the prefix of the remote container names (may be empty)
 * @param awsEndpoint {@code aws_endpoint}: S3 endpoint URL or Swift/Keystone auth URL;
 *     null means Amazon S3 (never replaced by an invented default)
 * @param awsIdentity {@code aws_identity}: access key / Swift user; null only for gcs
 * @param awsSecret {@code aws_secret}; null only for gcs
 * @param remoteAccount {@code remote_account}: Swift only, account to write into (e.g. an
 *     admin user writing into {@code AUTH_other}); null = the user's own account
 * @param copyAfter {@code copy_after}, seconds, default 0
 * @param retainLocal {@code retain_local}, default true
 * @param propagateDelete {@code propagate_delete}, default true
 * @param restoreObject {@code restore_object}, default false (shunt only)
 * @param encryption {@code encryption}, default true; only used for Amazon S3 (SSE AES256)
 * @param customPrefix {@code custom_prefix} (1space): null = upstream's hashed key naming;
 *     otherwise the key is {@code <customPrefix>/<object>} (slashes at both ends removed;
 *     empty = the bare object name)
 * @param listingDuplicates {@code listing_duplicates}, default {@link ListingDuplicates#ONCE}
 * @param authVersion {@code auth_version} (or 1space {@code auth_type}): 1 or 3 for Swift
 *     targets; null = 1 (swift-s3-sync only spoke v1)
 * @param keystone Keystone v3 scope, non-null exactly when {@code authVersion == 3}
 * @param storagePolicy {@code storage_policy}: Swift only, the policy of a remote container
 *     cloudsync creates ({@code X-Storage-Policy}), or null for the remote cluster's default
 */
public record MappingConfig(
    String account,
    String container,
    Protocol protocol,
    String awsBucket,
    String awsEndpoint,
    String awsIdentity,
    Secret awsSecret,
    String remoteAccount,
    long copyAfter,
    boolean retainLocal,
    boolean propagateDelete,
    boolean restoreObject,
    boolean encryption,
    String customPrefix,
    ListingDuplicates listingDuplicates,
    Integer authVersion,
    KeystoneV3 keystone,
    String storagePolicy) {

  /** A mapping without a storage policy. */
  public MappingConfig(String account, String container, Protocol protocol, String awsBucket, String awsEndpoint,
      String awsIdentity, Secret awsSecret, String remoteAccount, long copyAfter, boolean retainLocal,
      boolean propagateDelete, boolean restoreObject, boolean encryption, String customPrefix,
      ListingDuplicates listingDuplicates, Integer authVersion, KeystoneV3 keystone) {
    this(account, container, protocol, awsBucket, awsEndpoint, awsIdentity, awsSecret, remoteAccount, copyAfter,
        retainLocal, propagateDelete, restoreObject, encryption, customPrefix, listingDuplicates, authVersion,
        keystone, null);
  }

  /** The {@code container} value that selects every container of the account. */
  public static final String PER_ACCOUNT = "/*";

  public MappingConfig {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(awsBucket, "awsBucket");
    Objects.requireNonNull(listingDuplicates, "listingDuplicates");
    if (!PER_ACCOUNT.equals(container) && container.indexOf('/') >= 0) {
      throw new IllegalArgumentException("container name must not contain '/': " + container);
    }
    if (copyAfter < 0) {
      throw new IllegalArgumentException("copyAfter < 0");
    }
    if (!retainLocal && propagateDelete) {
      throw new IllegalArgumentException(
          "retain_local false with propagate_delete true deletes the archive copy");
    }
    if ((authVersion != null && authVersion == 3) != (keystone != null)) {
      throw new IllegalArgumentException("keystone scope must be given exactly for auth_version 3");
    }
  }

  /** True for {@code container: "/*"}: every container of the account. */
  public boolean perAccount() {
    return PER_ACCOUNT.equals(container);
  }

  /** Archive mode: the local object is deleted after a verified upload ({@code retain_local: false}). */
  public boolean archive() {
    return !retainLocal;
  }

  /**
   * True when the shunt serves this mapping ({@code propagate_delete: false}): a local 404
   * is answered from the remote store and listings are spliced (upstream rule).
   */
  public boolean shunted() {
    return !propagateDelete;
  }

  /** The fields whose change resets the cursors (with {@code aws_bucket}). */
  public Policy policy() {
    return new Policy(copyAfter, retainLocal, propagateDelete);
  }

  /** Amazon S3 ({@link Endpoints#isAmazon}): only then is {@code encryption} (SSE) applied. */
  public boolean isAmazon() {
    return protocol == Protocol.S3 && Endpoints.isAmazon(Endpoints.parse(awsEndpoint));
  }

  /** Google Cloud Storage: protocol gcs, or protocol s3 with Google's endpoint ({@link Endpoints#isGoogle}). */
  public boolean isGoogle() {
    return protocol == Protocol.GCS
        || protocol == Protocol.S3 && Endpoints.isGoogle(Endpoints.parse(awsEndpoint));
  }

  /**
   * A stable 16-hex-digit id of the remote target, used to key status entries so that
   * one-to-many mappings of the same container never share or reset each other's cursors.
   * It is the first 16 hex digits of SHA-256 over these fields joined by {@code '\n'}:
   * protocol ({@code s3}/{@code swift}/{@code gcs}); the endpoint with trailing slashes
   * removed, or {@code aws} when there is none; the bucket; {@code hashed} when there is
   * no custom prefix, else {@code custom:<prefix>}; and for Swift targets the remote
   * account ({@code account:<remote_account>}, or {@code user:<aws_identity>} when not set,
   * since the user then decides the account). It does not depend on the local container,
   * on policy fields or on credentials other than a Swift user name.
   */
  public String targetId() {
    StringBuilder sb = new StringBuilder();
    sb.append(protocol.jsonName()).append('\n');
    sb.append(awsEndpoint == null ? "aws" : stripTrailingSlashes(awsEndpoint)).append('\n');
    sb.append(awsBucket).append('\n');
    sb.append(customPrefix == null ? "hashed" : "custom:" + customPrefix);
    if (protocol == Protocol.SWIFT) {
      sb.append('\n').append(remoteAccount != null
          ? "account:" + remoteAccount : "user:" + awsIdentity);
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(sb.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  private static String stripTrailingSlashes(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }
}
