package io.cloudsync.store.s3;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Starts an {@link S3Server} before a test class and stops it after: register it as a static field. */
final class S3ServerExtension implements BeforeAllCallback, AfterAllCallback {
  private final Supplier<S3Server> start;
  private S3Server server;

  S3ServerExtension(Supplier<S3Server> start) {
    this.start = start;
  }

  S3Server server() {
    return server;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = start.get();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }
}
