package io.cloudsync.store.swift;

import io.cloudsync.store.RemoteStoreLargeObjectContract;
import io.cloudsync.store.StoreBackend;
import org.junit.jupiter.api.BeforeAll;

/** {@link SwiftStore}'s large objects against the SAIO's {@code AUTH_test2}: the backend-neutral contract. */
class SwiftStoreLargeObjectIT extends RemoteStoreLargeObjectContract {
  private static SwiftServer server;

  @BeforeAll
  static void start() {
    server = SwiftServer.saio();
  }

  @Override
  protected StoreBackend backend() {
    return server;
  }
}
