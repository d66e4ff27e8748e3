package io.cloudsync.store;

/** One backend on one running server, as the store contracts use it. */
public interface StoreBackend {

  /** A short name of the server for log lines, e.g. {@code S3Proxy}. */
  String name();

  /** How a working store reaches {@code bucket} on the server. */
  StoreAddress address(String bucket);

  /** A store of the backend under test; the caller closes it. */
  RemoteStore open(StoreAddress address);

  /** The backend's own client, bound to {@code bucket}. */
  StoreInspector inspect(String bucket);
}
