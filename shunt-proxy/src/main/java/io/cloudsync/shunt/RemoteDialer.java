package io.cloudsync.shunt;

import io.netty.bootstrap.Bootstrap;

/**
 * Opens the shunt's own connections to a remote store, on the event loop of the client connection
 * that needs them, so that a remote body reaches the client without crossing threads.
 */
@FunctionalInterface
public interface RemoteDialer {

  /**
   * A new bootstrap on the client connection's event loop and the shunt's transport, with auto-read
   * off and the shunt's connect timeout and write watermarks; the caller adds its handler and
   * connects.
   */
  Bootstrap bootstrap();
}
