package io.cloudsync.store.swift;

import io.cloudsync.store.RemoteStoreContract;
import io.cloudsync.store.StoreBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SwiftStore} against the SAIO's {@code AUTH_test2}: the backend-neutral
 * {@link RemoteStoreContract} (per-account layout: {@link SwiftServer}), and names only Swift holds.
 */
class SwiftStoreIT extends RemoteStoreContract {
  private static SwiftServer server;

  @BeforeAll
  static void start() {
    server = SwiftServer.saio();
  }

  @Override
  protected StoreBackend backend() {
    return server;
  }

  /** Swift names may hold {@code //}, start with {@code /} or end with one. */
  @ParameterizedTest
  @ValueSource(strings = {"a//b", "/leading", "//double/leading", "trailing/", "50%/x%2Fy"})
  void slashHeavyNamesAreStoredUnderTheExactKey(String name) throws Exception {
    uploadAndCheckExactKey(name);
  }
}
