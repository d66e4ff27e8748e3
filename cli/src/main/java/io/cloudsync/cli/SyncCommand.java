package io.cloudsync.cli;

import io.cloudsync.config.SyncConfig;
import io.cloudsync.status.StatusDirLock;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.sync.daemon.SyncDaemon;
import io.cloudsync.sync.metrics.MetricsServer;
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
      return once ? runOnce(daemon) : runForever(daemon, conf);
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
  private int runOnce(SyncDaemon daemon) throws InterruptedException {
    daemon.runOnce();
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

  private int runForever(SyncDaemon daemon, SyncConfig conf) throws IOException, InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      LOG.info("stopping: finishing in-flight transfers and saving cursors");
      daemon.stop();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    MetricsServer metrics = null;
    if (conf.metricsBind() != null) {
      InetSocketAddress bind = new InetSocketAddress(conf.metricsBind().host(), conf.metricsBind().port());
      metrics = new MetricsServer(bind, daemon.metrics(), () -> StatusReport.json(daemon.statusStore(), Clock.systemUTC()));
      LOG.info("metrics on http://{}:{}/metrics", conf.metricsBind().host(), metrics.address().getPort());
    }
    LOG.info("cloudsync sync started: {} mappings, poll_interval {} s", daemon.mappings().size(),
        conf.pollInterval().toSeconds());
    try {
      daemon.runForever();
    } finally {
      if (metrics != null) {
        metrics.close();
      }
      stopped.countDown();
    }
    return Main.OK;
  }

  static String describe(MappingRuntime m) {
    return m.name();
  }
}
