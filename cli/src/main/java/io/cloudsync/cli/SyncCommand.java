package io.cloudsync.cli;

import io.cloudsync.config.SyncConfig;
import io.cloudsync.status.StatusDirLock;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.sync.daemon.SyncDaemon;
import io.cloudsync.sync.health.HealthCheck;
import io.cloudsync.sync.metrics.MetricsServer;
import io.cloudsync.sync.state.DaemonStateWriter;
import io.cloudsync.sync.metrics.SyncMetrics;
import io.cloudsync.sync.pass.MappingRuntime;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cloudsync sync}: the daemon that runs on every container node. */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = "Sync the containers named in the config from this node's container DBs to their targets.")
final class SyncCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(SyncCommand.class);
  /** How often a running daemon writes its state for {@code status} (at most; poll_interval if shorter). */
  private static final java.time.Duration STATE_EVERY = java.time.Duration.ofSeconds(5);

  @Spec
  CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "sync.json (swift-s3-sync format)")
  Path config;

  @Option(names = "--once", description = "one pass (own rows, then other nodes' rows older than verification_slack), then exit")
  boolean once;

  @Option(names = "--strict", description = "exit 2 when the config file is missing (default: log and exit 0)")
  boolean strict;

  @Option(names = "--log-level", paramLabel = "L", description = "debug, info, warning or error (overrides log_level)")
  String logLevel;

  @Option(names = "--console", description = "log to stderr even when log_file is set")
  boolean console;

  @Override
  public Integer call() throws Exception {
    ConfigFiles.Loaded loaded = ConfigFiles.load(config, strict, spec.commandLine().getErr());
    if (!loaded.ok()) {
      return loaded.exitCode();
    }
    SyncConfig conf = loaded.config();
    if (logLevel != null && !List.of("debug", "info", "warning", "error").contains(logLevel)) {
      spec.commandLine().getErr().println("cloudsync: --log-level must be debug, info, warning or error, not '"
          + logLevel + "'");
      return Main.USAGE;
    }
    LoggingSetup.configure(logLevel != null ? logLevel : conf.logLevel().jsonName(), conf.logFile(), console);
    conf.warnings().forEach(w -> LOG.warn("{}: {}", config, w));
    if (conf.containers().isEmpty() && !conf.containerSync().syncToHeader()) {
      LOG.info("{} lists no containers; nothing to do", config);
      return Main.OK;
    }
    String badPath = pathProblem(conf);
    if (badPath != null) {
      spec.commandLine().getErr().println("cloudsync: " + config + ": " + badPath);
      return Main.USAGE;
    }
    StatusDirLock lock;
    try {
      lock = StatusDirLock.acquire(conf.statusDir());
    } catch (IllegalStateException | IOException e) {
      LOG.error("{}", e.getMessage());
      return Main.RUNTIME_FAILURE;
    }
    SyncDaemon created;
    try {
      created = new SyncDaemon(conf, Clock.systemUTC(), new Backends(), new SyncMetrics());
    } catch (IOException e) {
      LOG.error("cannot read the Swift ring or swift.conf under swift_dir {}: {}", conf.swiftDir(), e.getMessage());
      lock.close();
      return Main.RUNTIME_FAILURE;
    }
    try (lock; SyncDaemon daemon = created) {
      if (daemon.mappings().isEmpty() && !conf.containerSync().syncToHeader()) {
        LOG.error("no usable mapping in {}; see the errors above", config);
        return Main.RUNTIME_FAILURE;
      }
      return once ? runOnce(daemon, stateWriter(daemon, conf)) : runForever(daemon, conf);
    }
  }

  /** Why {@code devices} or {@code status_dir} cannot work, or null. */
  private static String pathProblem(SyncConfig conf) {
    if (!Files.isDirectory(conf.devices())) {
      return "devices: " + conf.devices() + (Files.exists(conf.devices()) ? " is not a directory"
          : " does not exist") + " (the directory holding this node's Swift devices, e.g. /srv/node)";
    }
    if (Files.exists(conf.statusDir()) && !Files.isDirectory(conf.statusDir())) {
      return "status_dir: " + conf.statusDir() + " is a file, not a directory";
    }
    return null;
  }

  /**
   * One pass; exit 1 when anything configured did not sync: a mapping skipped at start-up or
   * blocked, a container whose pass failed (e.g. its status file could not be written), or rows
   * that failed and await a retry. Unsyncable rows (logged, counted) leave it at 0.
   */
  private int runOnce(SyncDaemon daemon, DaemonStateWriter state) throws InterruptedException {
    daemon.runOnce();
    if (state != null) {
      state.writeQuietly();
    }
    daemon.dryRunSummaries().forEach(spec.commandLine().getOut()::println);
    spec.commandLine().getOut().flush();
    List<String> problems = new ArrayList<>(daemon.skippedMappings());
    daemon.mappings().stream()
        .filter(m -> m.health().incomplete() != null)
        .map(m -> m.name() + ": " + m.health().incomplete())
        .forEach(problems::add);
    if (!problems.isEmpty()) {
      problems.forEach(p -> LOG.error("not synced: {}", p));
      problems.forEach(p -> spec.commandLine().getErr().println("cloudsync: not synced: " + p));
      return Main.RUNTIME_FAILURE;
    }
    return Main.OK;
  }

  /**
   * Runs the daemon until SIGTERM; a SIGHUP with a valid file ({@link ConfigReload}) stops it once
   * its in-flight transfers finish and continues with a new daemon on the new configuration.
   */
  private int runForever(SyncDaemon first, SyncConfig firstConf) throws IOException, InterruptedException {
    ConfigReload reload = new ConfigReload(config);
    AtomicReference<SyncDaemon> running = new AtomicReference<>(first);
    AtomicReference<SyncConfig> runningConf = new AtomicReference<>(firstConf);
    AtomicBoolean shuttingDown = new AtomicBoolean();
    reloadOnSighup(() -> {
      if (!shuttingDown.get() && reload.request(runningConf.get())) {
        running.get().stop();
      }
    });
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      shuttingDown.set(true);
      LOG.info("stopping: finishing in-flight transfers and saving cursors");
      running.get().stop();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      SyncDaemon daemon = first;
      SyncConfig conf = firstConf;
      while (true) {
        runUntilStopped(daemon, conf);
        SyncConfig next = reload.take();
        if (next == null || shuttingDown.get()) {
          return Main.OK;
        }
        SyncDaemon replacement = start(next);
        if (replacement == null) {
          next = conf;
          replacement = start(conf);
          if (replacement == null) {
            return Main.RUNTIME_FAILURE;
          }
        }
        if (daemon != first) {
          daemon.close(); // the first is closed by call()
        }
        LoggingSetup.configure(logLevel != null ? logLevel : next.logLevel().jsonName(), next.logFile(), console);
        daemon = replacement;
        conf = next;
        running.set(daemon);
        runningConf.set(conf);
      }
    } finally {
      SyncDaemon last = running.get();
      if (last != first) {
        last.close();
      }
      stopped.countDown();
    }
  }

  /** A daemon for a reloaded configuration, or null (logged) when it cannot be built. */
  private SyncDaemon start(SyncConfig conf) {
    try {
      return new SyncDaemon(conf, Clock.systemUTC(), new Backends(), new SyncMetrics());
    } catch (IOException | RuntimeException e) {
      LOG.error("SIGHUP: cannot start the daemon for {}: {}", config, e.toString());
      return null;
    }
  }

  private static void reloadOnSighup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.warn("cannot handle SIGHUP here ({}); restart the daemon to apply a new configuration", e.getMessage());
    }
  }

  /** The writer of the daemon's live state for {@code status}, or null in a dry run (which writes no status). */
  private static DaemonStateWriter stateWriter(SyncDaemon daemon, SyncConfig conf) {
    return conf.dryRun() ? null : new DaemonStateWriter(conf.statusDir(), daemon::mappings, daemon.metrics(),
        conf.pollInterval(), Clock.systemUTC());
  }

  private void runUntilStopped(SyncDaemon daemon, SyncConfig conf) throws IOException, InterruptedException {
    DaemonStateWriter state = stateWriter(daemon, conf);
    if (state != null) { // often enough that status shows a block while a pass hangs on it
      state.start(conf.pollInterval().compareTo(STATE_EVERY) < 0 ? conf.pollInterval() : STATE_EVERY);
    }
    MetricsServer metrics = null;
    if (conf.metricsBind() != null) {
      InetSocketAddress bind = new InetSocketAddress(conf.metricsBind().host(), conf.metricsBind().port());
      HealthCheck health = new HealthCheck(daemon::mappings, daemon.holds(), daemon.metrics(), conf.healthMaxLag(),
          Clock.systemUTC());
      LiveProgress live = LiveProgress.open(conf);
      metrics = new MetricsServer(bind, daemon.metrics(), health, () -> StatusReport.json(daemon.statusStore(),
          daemon.holds(), live, Clock.systemUTC()));
      LOG.info("metrics on http://{}:{}/metrics", conf.metricsBind().host(), metrics.address().getPort());
    }
    LOG.info("cloudsync sync started: {} mappings, poll_interval {} s", daemon.mappings().size(),
        conf.pollInterval().toSeconds());
    try {
      daemon.runForever();
    } finally {
      if (state != null) {
        state.close();
      }
      if (metrics != null) {
        metrics.close();
      }
    }
  }

  static String describe(MappingRuntime m) {
    return m.name();
  }
}
