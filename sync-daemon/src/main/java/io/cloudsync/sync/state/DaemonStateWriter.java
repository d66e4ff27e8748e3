package io.cloudsync.sync.state;

import io.cloudsync.sync.metrics.SyncMetrics;
import io.cloudsync.sync.pass.MappingHealth;
import io.cloudsync.sync.pass.MappingRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the daemon's {@link DaemonState} beside the status files: every {@code every} while the
 * daemon runs (so {@code status} shows a block while a pass hangs on it) and on demand (after a
 * {@code --once} pass). Bytes copied continue from what the previous daemon wrote.
 */
public final class DaemonStateWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonStateWriter.class);

  private final Path statusDir;
  private final Supplier<List<MappingRuntime>> mappings;
  private final SyncMetrics metrics;
  private final Duration pollInterval;
  private final Clock clock;
  private ScheduledExecutorService timer;

  public DaemonStateWriter(Path statusDir, Supplier<List<MappingRuntime>> mappings, SyncMetrics metrics,
      Duration pollInterval, Clock clock) {
    this.statusDir = statusDir;
    this.mappings = mappings;
    this.metrics = metrics;
    this.pollInterval = pollInterval;
    this.clock = clock;
    DaemonState previous = DaemonStateFile.read(statusDir);
    if (previous != null) {
      metrics.seedBytesCopied(previous.bytesCopied());
    }
  }

  /** Writes every {@code every} on a named daemon thread until {@link #close()}. */
  public void start(Duration every) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sync-state-writer");
      t.setDaemon(true);
      return t;
    });
    long millis = Math.max(500, every.toMillis());
    timer.scheduleWithFixedDelay(this::writeQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  public void writeQuietly() {
    try {
      write();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write the daemon state under {}: {}", statusDir, e.toString());
    }
  }

  public void write() throws IOException {
    List<DaemonState.MappingState> states = new ArrayList<>();
    for (MappingRuntime m : mappings.get()) {
      MappingHealth.Blocked b = m.health().blockedState();
      states.add(new DaemonState.MappingState(m.config().account(), m.config().container(), m.config().targetId(),
          b == null ? null : b.reason(), b == null ? null : b.since()));
    }
    DaemonStateFile.write(statusDir, new DaemonState(clock.instant(), metrics.lastPassEnd(),
        metrics.nextPass(pollInterval), states, metrics.bytesCopiedByEntry()));
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
    writeQuietly();
  }
}
