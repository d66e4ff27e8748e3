package io.cloudsync.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReopeningBodyTest {

  /** Streams that remember whether they were closed. */
  private static final class Tracked extends ByteArrayInputStream {
    boolean closed;

    Tracked(String text) {
      super(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void everyNewStreamReopensAndClosesThePreviousOne() throws IOException {
    List<Tracked> opened = new ArrayList<>();
    try (ReopeningBody body = new ReopeningBody(() -> {
      Tracked t = new Tracked("hello");
      opened.add(t);
      return t;
    }, 5, "a/c/o")) {
      assertThat(body.newStream().readAllBytes()).asString().isEqualTo("hello");
      assertThat(body.newStream().readAllBytes()).asString().isEqualTo("hello");
      assertThat(opened).hasSize(2);
      assertThat(opened.get(0).closed).isTrue();
      assertThat(opened.get(1).closed).isFalse();
    }
    assertThat(opened.get(1).closed).isTrue();
  }

  @Test
  void shortBodyFailsInsteadOfStallingTheServer() {
    try (ReopeningBody body = new ReopeningBody(() -> new Tracked("hel"), 5, "a/c/o")) {
      InputStream in = body.newStream();
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
          .hasMessageContaining("a/c/o").hasMessageContaining("3 of 5");
    }
  }

  @Test
  void longBodyFailsInsteadOfBeingTruncated() {
    try (ReopeningBody body = new ReopeningBody(() -> new Tracked("hello world"), 5, "a/c/o")) {
      InputStream in = body.newStream();
      assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class)
          .hasMessageContaining("longer than its declared 5 bytes");
    }
  }

  @Test
  void emptyBody() throws IOException {
    try (ReopeningBody body = new ReopeningBody(() -> new Tracked(""), 0, "a/c/o")) {
      assertThat(body.newStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void openFailureNamesTheObject() {
    try (ReopeningBody body = new ReopeningBody(() -> {
      throw new IOException("404 from the internal proxy");
    }, 5, "a/c/o")) {
      assertThatThrownBy(body::newStream).isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("a/c/o").hasMessageContaining("404 from the internal proxy");
    }
  }
}
