package io.cloudsync.config;

import java.util.Objects;

/**
 * One entry of {@code migrations[]}: a remote bucket/container (or all of them) pulled into
 * local Swift by {@code cloudsync migrate} (1space {@code s3_sync/migrator.py}).
 *
 * @param account {@code account}: local destination account
 * @param awsBucket {@code aws_bucket}: source bucket/container, or {@code /*} for all
 * @param container {@code container}: local destination container, default = awsBucket
 *     (for {@code /*} each source bucket goes to the container of the same name)
 * @param protocol {@code protocol}: s3 (default) or swift
 * @param awsEndpoint {@code aws_endpoint}, null = Amazon S3
 * @param awsIdentity {@code aws_identity}
 * @param awsSecret {@code aws_secret}
 * @param remoteAccount {@code remote_account} (swift only), null = the user's account
 * @param prefix {@code prefix}: only keys with this prefix, null = all
 * @param workers {@code workers}: parallel object copies for this migration, default 10
 * @param authVersion {@code auth_version}/{@code auth_type} for swift sources, null = 1
 * @param keystone Keystone v3 scope, non-null exactly when {@code authVersion == 3}
 */
public record MigrationConfig(
    String account,
    String awsBucket,
    String container,
    Protocol protocol,
    String awsEndpoint,
    String awsIdentity,
    Secret awsSecret,
    String remoteAccount,
    String prefix,
    int workers,
    Integer authVersion,
    KeystoneV3 keystone) {

  /** The {@code aws_bucket} value selecting every source bucket/container. */
  public static final String ALL_BUCKETS = "/*";

  public MigrationConfig {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(awsBucket, "awsBucket");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(awsIdentity, "awsIdentity");
    Objects.requireNonNull(awsSecret, "awsSecret");
    if (workers < 1) {
      throw new IllegalArgumentException("workers < 1");
    }
    if ((authVersion != null && authVersion == 3) != (keystone != null)) {
      throw new IllegalArgumentException("keystone scope must be given exactly for auth_version 3");
    }
  }

  /** True for {@code aws_bucket: "/*"}. */
  public boolean allBuckets() {
    return ALL_BUCKETS.equals(awsBucket);
  }
}
