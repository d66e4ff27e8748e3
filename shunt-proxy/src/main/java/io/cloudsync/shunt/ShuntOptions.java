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
    int maxHeldResponse) {

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
  }

  /**
   * Defaults: {@link #defaultIoThreads()} I/O threads, 64 KiB pieces, 1 MiB write buffer.
   */
  public static ShuntOptions defaults() {
    return new ShuntOptions(defaultIoThreads(),
        Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(2),
        16 * 1024, 64 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024, 32 * 1024 * 1024);
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
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, maxHeldResponse);
  }

  public ShuntOptions withConnectTimeout(Duration d) {
    return new ShuntOptions(ioThreads, d, idleTimeout, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, maxHeldResponse);
  }

  public ShuntOptions withIdleTimeout(Duration d) {
    return new ShuntOptions(ioThreads, connectTimeout, d, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, maxHeldResponse);
  }

  public ShuntOptions withLingerTimeout(Duration d) {
    return new ShuntOptions(ioThreads, connectTimeout, idleTimeout, d, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, maxHeldResponse);
  }

  public ShuntOptions withWriteBuffer(int low, int high) {
    return new ShuntOptions(ioThreads, connectTimeout, idleTimeout, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, low, high, maxHeldResponse);
  }

  public ShuntOptions withMaxHeldResponse(int bytes) {
    return new ShuntOptions(ioThreads, connectTimeout, idleTimeout, lingerTimeout, maxInitialLineLength,
        maxHeaderSize, maxChunkSize, writeBufferLow, writeBufferHigh, bytes);
  }
}
