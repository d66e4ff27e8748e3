package io.cloudsync.cli;

import io.cloudsync.config.SyncConfig;
import io.cloudsync.metrics.MetricsHttpServer;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.migrate.local.ContainerAcls;
import io.cloudsync.migrate.run.Migrator;
import io.cloudsync.migrate.run.PassResult;
import io.cloudsync.migrate.run.RingOwnership;
import io.cloudsync.migrate.state.MigrationMetrics;
import io.cloudsync.store.backends.Backends;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cloudsync migrate}: pulls the configured {@code migrations[]} into local Swift. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Copy the buckets and containers named in migrations[] into local Swift, keeping their times.")
final class MigrateCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(MigrateCommand.class);

  @Spec
  CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "sync.json (swift-s3-sync format)")
  Path config;

  @Option(names = "--once", description = "one pass over every migration, then exit (1 when one failed)")
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
    String level = logLevel != null ? logLevel : conf.migratorSettings() != null
        ? conf.migratorSettings().logLevel().jsonName() : conf.logLevel().jsonName();
    Path logFile = conf.migratorSettings() != null && conf.migratorSettings().logFile() != null
        ? conf.migratorSettings().logFile() : conf.logFile();
    LoggingSetup.configure(level, logFile, console);
    conf.warnings().forEach(w -> LOG.warn("{}: {}", config, w));
    if (conf.migrations().isEmpty()) {
      LOG.info("{} lists no migrations; nothing to do", config);
      return Main.OK;
    }
    if (conf.migratorSettings() == null) {
      spec.commandLine().getErr().println("cloudsync: " + config + ": migrator_settings: missing; cloudsync migrate"
          + " needs at least \"status_file\" (where each migration's progress is kept)");
      return Main.USAGE;
    }
    ReplicaLocator locator;
    try {
      locator = new ReplicaLocator(conf.swiftDir(), conf.devices(), conf.swiftBindIp(), conf.swiftBindPort());
    } catch (IOException e) {
      LOG.error("cannot read the container ring or swift.conf under swift_dir {}: {}", conf.swiftDir(),
          e.getMessage());
      spec.commandLine().getErr().println("cloudsync: swift_dir " + conf.swiftDir() + ": " + e.getMessage());
      return Main.RUNTIME_FAILURE;
    }
    MigrationMetrics metrics = new MigrationMetrics();
    ContainerAcls acls = new ContainerAcls(locator, Clock.systemUTC());
    Migrator created;
    try {
      created = new Migrator(conf, new Backends(), new RingOwnership(locator), acls, metrics, Clock.systemUTC());
    } catch (IOException e) {
      LOG.error("{}", e.getMessage());
      spec.commandLine().getErr().println("cloudsync: " + e.getMessage());
      acls.close();
      return Main.RUNTIME_FAILURE;
    }
    try (acls; Migrator migrator = created) {
      return once ? runOnce(migrator) : runForever(migrator, conf, metrics);
    }
  }

  private int runOnce(Migrator migrator) throws InterruptedException {
    PassResult result = migrator.runOnce();
    if (result.failed()) {
      result.failures().forEach(f -> spec.commandLine().getErr().println("cloudsync: not migrated: " + f));
      return Main.RUNTIME_FAILURE;
    }
    return Main.OK;
  }

  /** Passes every {@code poll_interval} until SIGTERM (the pass in progress finishes first). */
  private int runForever(Migrator migrator, SyncConfig conf, MigrationMetrics metrics)
      throws IOException, InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(5, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    MetricsHttpServer server = null;
    try {
      if (conf.metricsBind() != null) {
        server = new MetricsHttpServer(new InetSocketAddress(conf.metricsBind().host(), conf.metricsBind().port()),
            List.of(new MetricsHttpServer.Endpoint("/metrics", "text/plain; version=0.0.4", metrics::scrape)),
            "migrate-metrics");
        LOG.info("metrics on http://{}:{}/metrics", conf.metricsBind().host(), server.address().getPort());
      }
      Duration poll = conf.migratorSettings().pollInterval();
      while (stop.getCount() > 0) {
        Instant start = Instant.now();
        migrator.runOnce();
        Duration rest = poll.minus(Duration.between(start, Instant.now()));
        if (!rest.isNegative() && stop.await(rest.toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
      return Main.OK;
    } finally {
      if (server != null) {
        server.close();
      }
      stopped.countDown();
    }
  }
}
