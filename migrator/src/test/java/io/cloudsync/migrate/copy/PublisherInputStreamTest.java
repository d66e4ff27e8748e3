package io.cloudsync.migrate.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PublisherInputStreamTest {
  /** Publishes the chunks on demand, on the requesting thread; records demand and cancellation. */
  static final class Chunks implements Flow.Publisher<ByteBuffer> {
    final List<String> chunks;
    final Throwable failure;
    final AtomicLong requested = new AtomicLong();
    final AtomicBoolean cancelled = new AtomicBoolean();

    Chunks(Throwable failure, String... chunks) {
      this.chunks = List.of(chunks);
      this.failure = failure;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
      s.onSubscribe(new Flow.Subscription() {
        int next;

        @Override
        public void request(long n) {
          requested.addAndGet(n);
          for (long i = 0; i < n && !cancelled.get(); i++) {
            if (next < chunks.size()) {
              s.onNext(ByteBuffer.wrap(chunks.get(next++).getBytes(StandardCharsets.UTF_8)));
            } else if (next++ == chunks.size()) {
              if (failure == null) {
                s.onComplete();
              } else {
                s.onError(failure);
              }
            }
          }
        }

        @Override
        public void cancel() {
          cancelled.set(true);
        }
      });
    }
  }

  @Test
  void readsEveryChunkInOrderWithBoundedDemand() throws IOException {
    Chunks body = new Chunks(null, "ab", "cde", "", "f");
    try (PublisherInputStream in = new PublisherInputStream(body, 5)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("abcdef");
    }
    assertThat(body.cancelled).isFalse();
    assertThat(body.requested.get()).isLessThanOrEqualTo(2 + 5);
  }

  @Test
  void aSourceFailureFailsTheRead() {
    Chunks body = new Chunks(new IOException("reset"), "ab");
    PublisherInputStream in = new PublisherInputStream(body, 5);
    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("reset");
  }

  @Test
  void closingEarlyCancels() throws IOException {
    Chunks body = new Chunks(null, "ab", "cd", "ef", "gh");
    PublisherInputStream in = new PublisherInputStream(body, 5);
    assertThat(in.read()).isEqualTo('a');
    in.close();
    assertThat(body.cancelled).isTrue();
  }
}
