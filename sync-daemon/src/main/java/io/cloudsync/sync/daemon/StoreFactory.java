package io.cloudsync.sync.daemon;

import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.Protocol;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.s3.S3Store;
import io.cloudsync.store.s3.S3StoreSettings;
import java.net.URI;

/** Builds the remote store a mapping names. */
public final class StoreFactory {
  private final int maxConnections;

  public StoreFactory(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  /**
   * The store for {@code mapping}.
   *
   * @throws UnsupportedTargetException for targets this version cannot write to yet
   */
  public RemoteStore create(MappingConfig mapping) throws UnsupportedTargetException {
    if (mapping.protocol() != Protocol.S3) {
      throw new UnsupportedTargetException("protocol '" + mapping.protocol().name().toLowerCase(java.util.Locale.ROOT)
          + "' is not supported by this version of cloudsync yet (only s3, including S3 clones and GCS's XML API)");
    }
    URI endpoint = mapping.awsEndpoint() == null ? null : URI.create(mapping.awsEndpoint());
    return new S3Store(new S3StoreSettings(endpoint, mapping.awsBucket(), mapping.awsIdentity(),
        mapping.awsSecret().reveal(), mapping.customPrefix(), mapping.encryption(), maxConnections,
        mapping.isGoogle()));
  }

  /** The mapping names a target this version cannot write to. */
  public static final class UnsupportedTargetException extends Exception {
    public UnsupportedTargetException(String message) {
      super(message);
    }
  }
}
