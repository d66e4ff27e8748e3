package io.cloudsync.shunt;

import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts open client connections against {@link ShuntOptions#maxConnections()}, so a flood of
 * connections cannot exhaust the process's file descriptors (each client connection may hold a
 * Swift connection too). Thread-safe: connections are accepted on every I/O thread.
 */
final class ConnectionCap {
  private static final Logger log = LoggerFactory.getLogger(ConnectionCap.class);

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  /** The cap was reached and not left since: logged once per episode, not once per rejection. */
  private final AtomicBoolean full = new AtomicBoolean();

  ConnectionCap(int max) {
    this.max = max;
  }

  /** Counts {@code client} until it closes; false (and not counted) when the cap is reached. */
  boolean admit(Channel client) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      if (full.compareAndSet(false, true)) {
        log.warn("{} client connections open: new ones get 503 until some close (--max-connections)", max);
      }
      return false;
    }
    client.closeFuture().addListener(f -> {
      if (open.decrementAndGet() < max && full.compareAndSet(true, false)) {
        log.info("below {} client connections again: accepting new ones", max);
      }
    });
    return true;
  }
}
