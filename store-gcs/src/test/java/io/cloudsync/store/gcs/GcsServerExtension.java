package io.cloudsync.store.gcs;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts a {@link GcsServer} before a test class and stops it after: register it as a static field. */
final class GcsServerExtension implements BeforeAllCallback, AfterAllCallback {
  private GcsServer server;

  GcsServer server() {
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = GcsServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }
}
