package io.cloudsync.shunt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * A shunt in front of a {@link ScriptedBackend}, both stopped after each test; the backend's
 * script must not have failed, and no Netty buffer may have leaked by the end of the class.
 */
abstract class ScriptedShuntTestBase {
  ScriptedBackend backend;
  ShuntServer shunt;

  @BeforeAll
  static void leakDetection() {
    NettyLeakGuard.install();
  }

  @AfterAll
  static void noLeaks() throws InterruptedException {
    NettyLeakGuard.assertNoLeaks();
  }

  @AfterEach
  void stopShuntAndBackend() throws IOException {
    if (shunt != null) {
      shunt.close();
    }
    if (backend != null) {
      backend.close();
      assertThat(backend.failures()).isEmpty();
    }
  }

  /** Starts the backend with {@code script} and a shunt in front of it; returns the shunt's address. */
  InetSocketAddress start(ScriptedBackend.Script script, ShuntRoutes routes, ShuntOptions options)
      throws IOException {
    backend = new ScriptedBackend(script);
    shunt = ShuntServer.start(new InetSocketAddress("127.0.0.1", 0), backend.uri(), routes, options);
    return shunt.localAddress();
  }
}
