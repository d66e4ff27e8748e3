package io.cloudsync.store;

/** One backend's reader on one running server, as {@link RemoteReaderContract} uses it. */
public interface ReaderBackend {

  /** A short name of the server for log lines, e.g. {@code S3Proxy}. */
  String name();

  /** How a reader reaches {@code bucket} on the server. */
  StoreAddress address(String bucket);

  /** A reader of the backend under test with at most {@code maxConnections} connections; the caller closes it. */
  RemoteReader openReader(StoreAddress address, int maxConnections);

  /** The backend's own client, bound to {@code bucket}, writing as the sync archives. */
  ArchiveSeeder seed(String bucket);
}
