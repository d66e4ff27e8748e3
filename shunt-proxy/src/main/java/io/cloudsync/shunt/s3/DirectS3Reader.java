package io.cloudsync.shunt.s3;

import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.shunt.RemoteDialer;
import io.cloudsync.store.s3.S3StoreSettings;
import io.cloudsync.swift.SwiftPath;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads archived objects from an S3-compatible bucket over the shunt's own connections
 * ({@link S3GetSigner}, {@link S3GetChannel}): one connection per read, opened on the client
 * connection's event loop through its {@link RemoteDialer}, closed when the body ends. The
 * caller decides what to do with the answer; this class only fetches it.
 */
public final class DirectS3Reader {
  /** S3 keys longer than this many UTF-8 bytes cannot exist. */
  private static final int MAX_KEY_BYTES = 1024;
  /** Largest body piece handed on at once (a socket read's worth, not the decoder's 8 KiB default). */
  private static final int MAX_CHUNK = 1024 * 1024;
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MIN_READ = 4096;

  private final S3StoreSettings settings;
  private final S3GetSigner signer;
  private final Duration answerTimeout;

  /**
   * @param answerTimeout how long to wait for the head of the answer after connecting
   */
  public DirectS3Reader(S3StoreSettings settings, Clock clock, Duration answerTimeout) {
    this.settings = settings;
    this.signer = new S3GetSigner(settings, clock);
    this.answerTimeout = answerTimeout;
  }

  /** True when {@code settings} name a store this reader can read ({@link S3GetSigner#supports}). */
  public static boolean supports(S3StoreSettings settings) {
    return S3GetSigner.supports(settings);
  }

  /**
   * Starts the {@code GET} of {@code path}'s archived copy.
   *
   * @param conditions the client's {@code Range} and {@code If-*} headers
   * @return the answer's head, or null when the object cannot have been archived (name too long
   *     for S3): the caller answers as for a missing object
   */
  public CompletionStage<S3Answer> get(RemoteDialer dialer, SwiftPath path, Map<String, String> conditions) {
    String key = new S3KeyNaming(path.account(), path.container(), settings.customPrefix()).objectKey(path.object());
    if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      return null;
    }
    HttpRequest request = signer.get(key, conditions);
    S3GetChannel get = new S3GetChannel(request);
    ChannelFuture connect;
    try {
      connect = dialer.bootstrap()
          // Reads of up to 1 MiB instead of Netty's 64 KiB: a bulk body in a quarter of the syscalls.
          .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(MIN_READ, 64 * 1024, MAX_CHUNK))
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast("http", new HttpClientCodec(new HttpDecoderConfig()
                  .setMaxHeaderSize(MAX_HEADER_BYTES)
                  .setMaxChunkSize(MAX_CHUNK), false, false));
              ch.pipeline().addLast("get", get);
            }
          })
          .connect(signer.endpoint().getHost(), signer.port());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    connect.addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        get.fail(f.cause());
        return;
      }
      ScheduledFuture<?> timeout = f.channel().eventLoop().schedule(() -> get.fail(new TimeoutException(
          "no answer from " + signer.endpoint() + " within " + answerTimeout.toSeconds() + " s")),
          answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
      get.answer().whenComplete((answer, failure) -> timeout.cancel(false));
    });
    return get.answer();
  }

  /** Where reads go, for logs. */
  public String describe() {
    return signer.endpoint() + " bucket " + settings.bucket() + " (direct)";
  }
}
