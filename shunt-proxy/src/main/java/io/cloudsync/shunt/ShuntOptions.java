package io.cloudsync.shunt;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link ShuntServer}. {@link #defaults()} suits a proxy node; every value can be
 * changed with the {@code with…} methods.
 *
 * @param ioThreads event loop threads serving client and backend connections (a backend connection
 *     runs on its client connection's thread)
 * @param connectTimeout how long to wait for a TCP connection to the Swift proxy
 * @param idleTimeout a client connection with no traffic for this long is closed (between
 *     requests, or while the client neither sends its body nor reads its response)
 * @param lingerTimeout after an early final response (the request body was not fully received),
 *     how long the client's remaining input is read and dropped before the connection is closed
 * @param maxInitialLineLength longest request or status line accepted
 * @param maxHeaderSize largest header block accepted (requests and Swift's responses)
 * @param maxChunkSize largest body piece handed on at once
 * @param writeBufferLow low write-buffer watermark per connection (bytes)
 * @param writeBufferHigh high write-buffer watermark per connection (bytes): above it, reading from
 *     the other side stops until the buffer drains below the low mark
 * @param maxHeldResponse largest Swift answer (a listing, a 404 body) held in memory for an
 *     interceptor; a larger one is relayed unchanged
 * @param headTimeout a client connection that has not delivered a complete request head (request
 *     line and headers) this long after it was accepted, or after its previous exchange ended, is
 *     closed, however it trickles bytes (slowloris); Swift's {@code client_timeout} is 60 s
 * @param maxConnections client connections served at once; one more is answered
 *     {@code 503 Service Unavailable} and closed
 */
public record ShuntOptions(
    int ioThreads,
    Duration connectTimeout,
    Duration idleTimeout,
    Duration lingerTimeout,
    int maxInitialLineLength,
    int maxHeaderSize,
    int maxChunkSize,
    int writeBufferLow,
    int writeBufferHigh,
    int maxHeldResponse,
    Duration headTimeout,
    int maxConnections) {

  public ShuntOptions {
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1");
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(lingerTimeout, "lingerTimeout");
    if (writeBufferLow <= 0 || writeBufferHigh < writeBufferLow) {
      throw new IllegalArgumentException("need 0 < writeBufferLow <= writeBufferHigh");
    }
    Objects.requireNonNull(headTimeout, "headTimeout");
    if (headTimeout.isNegative() || headTimeout.isZero()) {
      throw new IllegalArgumentException("headTimeout must be positive");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1");
    }
  }

  /**
   * Defaults: {@link #defaultIoThreads()} I/O threads, 64 KiB pieces, 1 MiB write buffer, 60 s to
   * send a request head, 10,000 client connections.
   */
  public static ShuntOptions defaults() {
    return new ShuntOptions(defaultIoThreads(),
        Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(2),
        16 * 1024, 64 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024, 32 * 1024 * 1024,
        Duration.ofSeconds(60), 10_000);
  }

  /**
   * One I/O thread per four CPUs, at least one. The shunt shares its node with the Swift proxy,
   * which needs ~25 times its CPU per relayed request: one thread relays ~5,000 small requests/s,
   * far more than a Swift proxy on four cores serves, and it handles the events of many
   * connections per wake-up. One thread per CPU (the old default) cost more CPU per request and
   * more latency on a 2-core node whose cores the Swift proxy keeps busy (bench/README.md).
   */
  public static int defaultIoThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
  }

  public ShuntOptions withIoThreads(int n) {
    return new ShuntOptions(n, connectTimeout, idleTimeout, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, maxHeldResponse,
        headTimeout, maxConnections);
  }

  public ShuntOptions withConnectTimeout(Duration d) {
    return new ShuntOptions(ioThreads, d, idleTimeout, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, maxHeldResponse,
        headTimeout, maxConnections);
  }

  public ShuntOptions withIdleTimeout(Duration d) {
    return new ShuntOptions(ioThreads, connectTimeout, d, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, maxHeldResponse,
        headTimeout, maxConnections);
  }

  public ShuntOptions withLingerTimeout(Duration d) {
    return new ShuntOptions(ioThreads, connectTimeout, idleTimeout, d, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, maxHeldResponse,
        headTimeout, maxConnections);
  }

  public ShuntOptions withWriteBuffer(int low, int high) {
    return new ShuntOptions(ioThreads, connectTimeout, idleTimeout, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, low, high, maxHeldResponse, headTimeout, maxConnections);
  }

  public ShuntOptions withMaxHeldResponse(int bytes) {
    return new ShuntOptions(ioThreads, connectTimeout, idleTimeout, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, bytes, headTimeout, maxConnections);
  }

  public ShuntOptions withHeadTimeout(Duration d) {
    return new ShuntOptions(ioThreads, connectTimeout, idleTimeout, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, maxHeldResponse, d, maxConnections);
  }

  public ShuntOptions withMaxConnections(int n) {
    return new ShuntOptions(ioThreads, connectTimeout, idleTimeout, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, maxHeldResponse, headTimeout, n);
  }
}
