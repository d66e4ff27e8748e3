package io.cloudsync.shunt.direct;

import io.cloudsync.shunt.RemoteDialer;
import io.cloudsync.store.DirectGet;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.swift.SwiftPath;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads archived objects over the shunt's own connections, for a reader that declares
 * {@link StoreFeature#DIRECT_GET}: the reader prepares each {@link DirectGet}, a
 * {@link DirectGetChannel} sends it on a connection opened on the client connection's event loop
 * (through its {@link RemoteDialer}) and closes it when the body ends. The caller decides what to
 * do with the answer; this class only fetches it.
 */
public final class DirectReader {
  /** Largest body piece handed on at once (a socket read's worth, not the decoder's 8 KiB default). */
  private static final int MAX_CHUNK = 1024 * 1024;
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MIN_READ = 4096;

  private final RemoteReader reader;
  private final Duration answerTimeout;

  /**
   * @param reader a reader with {@link StoreFeature#DIRECT_GET}
   * @param answerTimeout how long to wait for the head of the answer after connecting
   */
  public DirectReader(RemoteReader reader, Duration answerTimeout) {
    if (!reader.features().contains(StoreFeature.DIRECT_GET)) {
      throw new IllegalArgumentException(reader.describe() + " does not declare direct GETs");
    }
    this.reader = reader;
    this.answerTimeout = answerTimeout;
  }

  /** The direct reader of {@code reader}, when it declares {@link StoreFeature#DIRECT_GET}. */
  public static Optional<DirectReader> of(RemoteReader reader, Duration answerTimeout) {
    return reader.features().contains(StoreFeature.DIRECT_GET)
        ? Optional.of(new DirectReader(reader, answerTimeout)) : Optional.empty();
  }

  /**
   * Starts the {@code GET} of {@code path}'s archived copy.
   *
   * @param conditions the client's {@code Range} and {@code If-*} headers
   * @return the answer's head, or null when the object cannot have been archived: the caller
   *     answers as for a missing object
   */
  public CompletionStage<DirectAnswer> get(RemoteDialer dialer, SwiftPath path, Map<String, String> conditions) {
    Optional<DirectGet> prepared = reader.directGet(path, conditions);
    if (prepared.isEmpty()) {
      return null;
    }
    DirectGet direct = prepared.get();
    DirectGetChannel get = new DirectGetChannel(request(direct));
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
          .connect(direct.host(), direct.port());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    connect.addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        get.fail(f.cause());
        return;
      }
      ScheduledFuture<?> timeout = f.channel().eventLoop().schedule(() -> get.fail(new TimeoutException(
          "no answer from " + direct.describe() + " within " + answerTimeout.toSeconds() + " s")),
          answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
      get.answer().whenComplete((answer, failure) -> timeout.cancel(false));
    });
    return get.answer();
  }

  private static FullHttpRequest request(DirectGet direct) {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, direct.target());
    direct.headers().forEach(h -> request.headers().add(h.getKey(), h.getValue()));
    return request;
  }

  /** The answer's headers in Swift terms ({@link RemoteReader#directAnswerHeaders}). */
  public List<Map.Entry<String, String>> swiftHeaders(DirectAnswer answer) {
    return reader.directAnswerHeaders(answer.headers());
  }

  /** Where reads go, for logs. */
  public String describe() {
    return reader.describe() + " (direct)";
  }
}
