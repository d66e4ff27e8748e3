package io.cloudsync.store.backends;

import io.cloudsync.store.ContainerSyncTarget;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.RemoteTarget;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreFactory;
import io.cloudsync.store.UnsupportedTargetException;
import io.cloudsync.store.gcs.GcsBuckets;
import io.cloudsync.store.gcs.GcsRemoteReader;
import io.cloudsync.store.gcs.GcsSettings;
import io.cloudsync.store.gcs.GcsStore;
import io.cloudsync.store.s3.S3Buckets;
import io.cloudsync.store.s3.S3RemoteReader;
import io.cloudsync.store.s3.S3Store;
import io.cloudsync.store.s3.S3StoreSettings;
import io.cloudsync.store.swift.ContainerSyncStore;
import io.cloudsync.store.swift.SwiftBuckets;
import io.cloudsync.store.swift.SwiftReader;
import io.cloudsync.store.swift.SwiftSettings;
import io.cloudsync.store.swift.SwiftStore;
import java.util.List;

/**
 * Every backend of this build, chosen by protocol. Each switch is exhaustive over
 * {@link io.cloudsync.config.Protocol} (no {@code default}): adding a protocol fails to compile
 * here until its store, reader and account check exist.
 */
public final class Backends implements StoreFactory {

  @Override
  public RemoteStore store(RemoteTarget target) throws UnsupportedTargetException {
    return switch (target.protocol()) {
      case S3 -> new S3Store(S3StoreSettings.of(target));
      case SWIFT -> new SwiftStore(swift(target));
      case GCS -> new GcsStore(GcsSettings.of(target));
    };
  }

  @Override
  public RemoteReader reader(RemoteTarget target) throws UnsupportedTargetException {
    return switch (target.protocol()) {
      case S3 -> new S3RemoteReader(S3StoreSettings.of(target));
      case SWIFT -> new SwiftReader(swift(target));
      case GCS -> new GcsRemoteReader(GcsSettings.of(target));
    };
  }

  @Override
  public List<String> buckets(RemoteTarget target) throws UnsupportedTargetException, StoreException {
    return switch (target.protocol()) {
      case S3 -> S3Buckets.list(S3StoreSettings.of(target));
      case SWIFT -> SwiftBuckets.list(swift(target));
      case GCS -> GcsBuckets.list(GcsSettings.of(target));
    };
  }

  /** Swift's container-sync: the remote Swift store variant that signs with the sync key instead of a token. */
  @Override
  public RemoteStore containerSyncStore(ContainerSyncTarget target) {
    return new ContainerSyncStore(target);
  }

  /** A remote Swift reached with v1 auth (tempauth, swauth) or Keystone v3. */
  private static SwiftSettings swift(RemoteTarget target) throws UnsupportedTargetException {
    if (target.authVersion() != 1 && !(target.authVersion() == 3 && target.keystone() != null)) {
      throw new UnsupportedTargetException("protocol 'swift' with auth_version " + target.authVersion()
          + (target.authVersion() == 3 ? " needs project_name, project_domain_name and user_domain_name"
              : " is not supported; use 1 (tempauth, swauth) or 3 (Keystone v3)"));
    }
    return SwiftSettings.of(target);
  }
}
