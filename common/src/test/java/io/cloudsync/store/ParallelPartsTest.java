package io.cloudsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.store.StoreException.Kind;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelPartsTest {
  final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void resultsComeInOrderAndNoMoreThanTheWindowRunsAtOnce() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> results = ParallelParts.run(pool, 3, 40, index -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      sleep(2);
      running.decrementAndGet();
      return index * 10;
    }, "test");
    assertThat(results).hasSize(40).startsWith(0, 10, 20).endsWith(390);
    assertThat(most.get()).isBetween(2, 3);
  }

  @Test
  void aFailureStopsNewPartsWaitsForRunningOnesAndIsThrown() {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    assertThatThrownBy(() -> ParallelParts.run(pool, 4, 1000, index -> {
      started.incrementAndGet();
      if (index == 5) {
        throw new StoreException(Kind.TRANSIENT, "part 6 broke");
      }
      sleep(5);
      finished.incrementAndGet();
      return index;
    }, "test")).isInstanceOf(StoreException.class).hasMessage("part 6 broke");
    assertThat(started.get()).isLessThan(20);
    assertThat(finished.get()).as("every started part had finished when the failure was thrown")
        .isEqualTo(started.get() - 1);
  }

  @Test
  void unexpectedExceptionsBecomeTransientStoreExceptions() {
    assertThatThrownBy(() -> ParallelParts.run(pool, 2, 3, index -> {
      throw new IllegalStateException("boom");
    }, "upload of x")).isInstanceOfSatisfying(StoreException.class,
        e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT)).hasMessageContaining("upload of x").hasMessageContaining("boom");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
