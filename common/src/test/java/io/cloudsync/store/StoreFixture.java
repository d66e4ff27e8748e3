package io.cloudsync.store;

import io.cloudsync.swift.SwiftPath;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh bucket per test on the backend's server, the store under test writing to it and the
 * backend's {@link StoreInspector} reading it. Subclasses name the {@link StoreBackend}.
 */
public abstract class StoreFixture {
  public static final String ACCOUNT = "AUTH_test";
  public static final String CONTAINER = "container";

  protected String bucket;
  protected RemoteStore store;
  protected StoreInspector inspector;

  /** The backend under test, on a running server. */
  protected abstract StoreBackend backend();

  @BeforeEach
  void createBucket() {
    bucket = "cs-store-" + UUID.randomUUID().toString().substring(0, 13);
    inspector = backend().inspect(bucket);
    inspector.createBucket();
    store = open(address(bucket));
  }

  @AfterEach
  void removeBucket() {
    store.close();
    inspector.removeBucket();
  }

  protected StoreAddress address(String bucketName) {
    return backend().address(bucketName);
  }

  protected RemoteStore open(StoreAddress address) {
    return backend().open(address);
  }

  protected String server() {
    return backend().name();
  }

  protected static SwiftPath path(String object) {
    return new SwiftPath(ACCOUNT, CONTAINER, object);
  }
}
