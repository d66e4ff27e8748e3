package io.cloudsync.shunt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeldAnswerTest {
  private static ByteBuf text(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
  }

  @Test
  void keepsBytesAndTrailersAndReleasesWhatItWasGiven() {
    HeldAnswer held = new HeldAnswer();
    HttpContent first = new DefaultHttpContent(text("ab"));
    LastHttpContent last = new DefaultLastHttpContent(text("cde"));
    last.trailingHeaders().set("X-Trailer", "t");
    held.add(ByteBufAllocator.DEFAULT, first);
    held.add(ByteBufAllocator.DEFAULT, last);

    assertThat(held.size()).isEqualTo(5);
    assertThat(new String(held.copyBytes(), StandardCharsets.UTF_8)).isEqualTo("abcde");
    assertThat(held.last().trailingHeaders().get("X-Trailer")).isEqualTo("t");
    held.release();
    assertThat(first.refCnt()).isZero();
    assertThat(last.refCnt()).isZero();
    assertThat(held.size()).isZero();
  }

  @Test
  void writesItsBodyOnceAndEndsWithoutTrailersWhenSwiftSentNone() {
    HeldAnswer held = new HeldAnswer();
    held.add(ByteBufAllocator.DEFAULT, new DefaultLastHttpContent(text("xyz")));
    EmbeddedChannel client = new EmbeddedChannel();

    held.writeBodyTo(client);
    held.writeBodyTo(client);
    client.flush();

    HttpContent written = client.readOutbound();
    assertThat(written.content().toString(StandardCharsets.UTF_8)).isEqualTo("xyz");
    written.release();
    assertThat((Object) client.readOutbound()).isNull();
    assertThat(held.last()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
    client.finishAndReleaseAll();
  }

  @Test
  void aBrokenAnswerIsReleasedAndRemembered() {
    HeldAnswer held = new HeldAnswer();
    HttpContent content = new DefaultHttpContent(text("ab"));
    held.add(ByteBufAllocator.DEFAULT, content);

    held.markBroken();

    assertThat(held.broken()).isTrue();
    assertThat(content.refCnt()).isZero();
    assertThat(held.copyBytes()).isEmpty();
  }
}
