package io.cloudsync.shunt.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connection of a direct S3 GET reads its body only as fast as the subscriber asks. */
class DirectGetChannelTest {
  private final ReadCounter reads = new ReadCounter();
  private final Recorder body = new Recorder();
  private DirectGetChannel get;
  private EmbeddedChannel channel;

  @BeforeEach
  void connect() throws Exception {
    get = new DirectGetChannel(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bucket/key"));
    channel = new EmbeddedChannel(false, false, reads, get);
    channel.config().setAutoRead(false);
    channel.register();
  }

  @AfterEach
  void release() {
    body.items.forEach(ByteBuf::release);
    channel.finishAndReleaseAll();
  }

  @Test
  void theRequestGoesOutAndTheHeadIsReadAtOnce() {
    assertThat((Object) channel.readOutbound()).isInstanceOf(HttpRequest.class);
    assertThat(reads.count).isEqualTo(1);
    channel.writeInbound(head());
    DirectAnswer answer = get.answer().getNow(null);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers()).contains(Map.entry("x-amz-meta-color", "blue"));
    assertThat(reads.count).as("no body read before anyone asks for it").isEqualTo(1);
  }

  @Test
  void theBodyIsReadOnlyOnDemandAndHandedOverInTheBuffersItCameIn() {
    channel.writeInbound(head());
    get.subscribeBuffers(body);
    assertThat(reads.count).isEqualTo(1);
    body.subscription.request(1);
    assertThat(reads.count).isEqualTo(2);

    ByteBuf first = Unpooled.copiedBuffer("ab", StandardCharsets.US_ASCII);
    channel.writeInbound(new DefaultHttpContent(first), content("cd"));
    assertThat(body.items).containsExactly(first);
    assertThat(reads.count).as("'cd' is waiting: no read").isEqualTo(2);

    body.subscription.request(1);
    assertThat(text(body.items)).isEqualTo("abcd");
    assertThat(reads.count).as("nothing asked for: no read").isEqualTo(2);
    body.subscription.request(2);
    assertThat(reads.count).as("asked for more, nothing waiting: read").isEqualTo(3);

    channel.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer("ef", StandardCharsets.US_ASCII)));
    assertThat(text(body.items)).isEqualTo("abcdef");
    assertThat(body.completed).isTrue();
    assertThat(channel.isOpen()).as("closed after the body").isFalse();
  }

  @Test
  void cancellingClosesTheConnectionAndReleasesWhatWasRead() {
    channel.writeInbound(head());
    get.subscribeBuffers(body);
    body.subscription.request(1);
    ByteBuf waiting = Unpooled.copiedBuffer("cd", StandardCharsets.US_ASCII);
    channel.writeInbound(content("ab"), new DefaultHttpContent(waiting));

    body.subscription.cancel();
    assertThat(channel.isOpen()).isFalse();
    assertThat(waiting.refCnt()).isZero();
    assertThat(body.completed).isFalse();
    assertThat(body.failure).isNull();
  }

  @Test
  void aConnectionLostMidBodyFailsTheBody() {
    channel.writeInbound(head());
    get.subscribeBuffers(body);
    body.subscription.request(1);
    channel.writeInbound(content("ab"));

    channel.close();
    body.subscription.request(1);
    assertThat(body.failure).isInstanceOf(IOException.class).hasMessageContaining("mid-body");
    assertThat(body.completed).isFalse();
  }

  @Test
  void aConnectionLostBeforeTheHeadFailsTheAnswer() {
    channel.close();
    assertThat(get.answer()).isCompletedExceptionally();
  }

  @Test
  void aDiscardedAnswerClosesTheConnection() {
    channel.writeInbound(head());
    channel.writeInbound(content("ab"));
    get.answer().getNow(null).discard();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aByteBufferSubscriberGetsCopies() {
    channel.writeInbound(head());
    List<String> seen = new ArrayList<>();
    get.subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(java.nio.ByteBuffer item) {
        seen.add(StandardCharsets.US_ASCII.decode(item).toString());
      }

      @Override
      public void onError(Throwable t) { }

      @Override
      public void onComplete() {
        seen.add("<end>");
      }
    });
    ByteBuf data = Unpooled.copiedBuffer("xyz", StandardCharsets.US_ASCII);
    channel.writeInbound(new DefaultLastHttpContent(data));
    assertThat(seen).containsExactly("xyz", "<end>");
    assertThat(data.refCnt()).as("the buffer was released after the copy").isZero();
  }

  private static HttpResponse head() {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set("Content-Length", 6).set("x-amz-meta-color", "blue");
    return head;
  }

  private static DefaultHttpContent content(String s) {
    return new DefaultHttpContent(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
  }

  private static String text(List<ByteBuf> items) {
    StringBuilder b = new StringBuilder();
    items.forEach(i -> b.append(i.toString(StandardCharsets.US_ASCII)));
    return b.toString();
  }

  /** Counts the read requests the handler makes of its connection. */
  private static final class ReadCounter extends ChannelOutboundHandlerAdapter {
    int count;

    @Override
    public void read(ChannelHandlerContext ctx) {
      count++;
      ctx.read();
    }
  }

  private static final class Recorder implements Flow.Subscriber<ByteBuf> {
    final List<ByteBuf> items = new ArrayList<>();
    Flow.Subscription subscription;
    boolean completed;
    Throwable failure;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(ByteBuf item) {
      items.add(item);
    }

    @Override
    public void onError(Throwable t) {
      failure = t;
    }

    @Override
    public void onComplete() {
      completed = true;
    }
  }
}
