package io.cloudsync.cli;

import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.SwiftClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared set-up of the end-to-end tests: one S3Proxy per test class, the running Swift
 * all-in-one, a fixture that writes sync.json files into a fresh temp dir, and a Swift client.
 */
abstract class SaioS3TestBase {
  static EmbeddedS3 s3;

  @TempDir
  Path dir;
  SyncFixture fx;
  SwiftClient swift;

  @BeforeAll
  static void startS3() {
    s3 = EmbeddedS3.start();
  }

  @AfterAll
  static void stopS3() {
    s3.close();
  }

  @BeforeEach
  void setUpFixture() {
    fx = new SyncFixture(dir);
    swift = fx.saio.client();
  }
}
