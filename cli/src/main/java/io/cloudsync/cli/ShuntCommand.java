package io.cloudsync.cli;

import io.cloudsync.config.HostPort;
import io.cloudsync.metrics.MetricsHttpServer;
import io.cloudsync.shunt.ShuntOptions;
import io.cloudsync.shunt.archive.ArchiveSettings;
import io.cloudsync.shunt.archive.ConfiguredShunt;
import io.cloudsync.store.backends.Backends;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cloudsync shunt}: the proxy in front of the Swift proxy that serves archived objects and
 * listings. Exits 2 on a bad {@code --listen} or {@code --swift-proxy}, 1 when it cannot listen,
 * and never over the configuration (it sits in front of Swift): a missing or invalid config is logged and every
 * request passes through. The config is re-read when it changes and on SIGHUP. SIGTERM stops it
 * gracefully (requests in progress get {@code --grace} seconds) and it exits 0.
 */
@Command(name = "shunt", mixinStandardHelpOptions = true,
    description = "Serve archived objects and listings through Swift: an HTTP proxy in front of the Swift proxy.")
final class ShuntCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ShuntCommand.class);

  @Spec
  CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "sync.json (swift-s3-sync format)")
  Path config;

  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", description = "address to serve clients on")
  String listen;

  @Option(names = "--swift-proxy", required = true, paramLabel = "URL", description = "the Swift proxy, e.g. http://127.0.0.1:8080")
  String swiftProxy;

  @Option(names = "--log-level", paramLabel = "L", description = "debug, info, warning or error (overrides log_level)")
  String logLevel;

  @Option(names = "--console", description = "log to stderr even when log_file is set")
  boolean console;

  @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
      description = "on SIGTERM, how long requests in progress may take to finish (default ${DEFAULT-VALUE})")
  int grace;

  @Option(names = "--reload-interval", paramLabel = "SECONDS", defaultValue = "5",
      description = "check the config file for changes this often; 0 = only on SIGHUP (default ${DEFAULT-VALUE})")
  int reloadInterval;

  @Option(names = "--io-threads", paramLabel = "N",
      description = "event-loop threads relaying requests (default: one per 4 CPUs, at least 1)")
  Integer ioThreads;

  @Option(names = "--metrics-bind", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9812",
      description = "serve Prometheus /metrics and /healthz here; \"\" for none (default ${DEFAULT-VALUE};"
          + " the daemon's default is 9811). A port in use is logged, not fatal")
  String metricsBind;

  @Option(names = "--head-timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "close a client connection that has not sent a complete request head (request line and"
          + " headers) this long after connecting or after its previous request, like Swift's client_timeout"
          + " (default ${DEFAULT-VALUE})")
  int headTimeout;

  @Option(names = "--max-connections", paramLabel = "N", defaultValue = "10000",
      description = "client connections served at once; one more is answered 503 and closed. Each may hold a"
          + " Swift connection too: allow the process twice as many open files (default ${DEFAULT-VALUE})")
  int maxConnections;

  @Option(names = "--listing-page-size", hidden = true, defaultValue = "1000",
      description = "keys per remote listing request (1-1000; tests use small pages)")
  int listingPageSize;

  @Override
  public Integer call() throws Exception {
    Parsed parsed = parse();
    if (parsed == null) {
      return Main.USAGE;
    }
    ConfiguredShunt.Loaded loaded = ConfiguredShunt.load(config);
    String level = logLevel != null ? logLevel : loaded.ok() ? loaded.config().logLevel().jsonName() : "info";
    LoggingSetup.configure(level, loaded.ok() ? loaded.config().logFile() : null, console);
    ConfiguredShunt shunt;
    try {
      shunt = start(parsed, loaded);
    } catch (IOException e) {
      LOG.error("{}", e.getMessage());
      return Main.RUNTIME_FAILURE;
    }
    MetricsHttpServer metrics = serveMetrics(parsed.metrics(), shunt);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      LOG.info("stopping: letting requests in progress finish (up to {} s)", grace);
      shunt.shutdown(Duration.ofSeconds(grace));
      if (metrics != null) {
        metrics.close();
      }
      LOG.info("cloudsync shunt stopped");
      stopped.countDown();
    }, "shunt-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    onSighup(shunt);
    LOG.info("cloudsync shunt serving on {}, relaying to {}", shunt.localAddress(), parsed.swiftProxy());
    stopped.await();
    return Main.OK;
  }

  /** Validated command-line addresses; {@code metrics} null for none. */
  record Parsed(InetSocketAddress listen, URI swiftProxy, InetSocketAddress metrics) {}

  /**
   * Serves the shunt's metrics, or logs why it cannot: the shunt sits in front of Swift, so a busy
   * metrics port must not stop it.
   */
  private static MetricsHttpServer serveMetrics(InetSocketAddress bind, ConfiguredShunt shunt) {
    if (bind == null) {
      return null;
    }
    try {
      MetricsHttpServer server = new MetricsHttpServer(bind, List.of(
          new MetricsHttpServer.Endpoint("/metrics", "text/plain; version=0.0.4; charset=utf-8",
              shunt.server().metrics()::scrape),
          new MetricsHttpServer.Endpoint("/healthz", "text/plain; charset=utf-8", () -> "ok\n")), "shunt-metrics-1");
      LOG.info("metrics on http://{}:{}/metrics", bind.getHostString(), server.address().getPort());
      return server;
    } catch (IOException e) {
      LOG.warn("cannot serve metrics on {}: {}; the shunt runs without them (see --metrics-bind)", bind,
          e.getMessage() == null ? e.toString() : e.getMessage());
      return null;
    }
  }

  /** The addresses, or null after printing why they are wrong. */
  Parsed parse() {
    InetSocketAddress address = address("--listen", listen);
    if (address == null) {
      return null;
    }
    URI proxy;
    try {
      proxy = new URI(swiftProxy);
      if (proxy.getScheme() == null || !proxy.getScheme().toLowerCase(Locale.ROOT).equals("http")
          || proxy.getHost() == null) {
        throw new URISyntaxException(swiftProxy, "must be an http://HOST[:PORT] URL");
      }
    } catch (URISyntaxException e) {
      spec.commandLine().getErr().println("cloudsync: --swift-proxy " + e.getMessage());
      return null;
    }
    if (logLevel != null && !List.of("debug", "info", "warning", "error").contains(logLevel)) {
      spec.commandLine().getErr().println("cloudsync: --log-level must be debug, info, warning or error, not '"
          + logLevel + "'");
      return null;
    }
    if (listingPageSize < 1 || listingPageSize > 1000 || grace < 0 || reloadInterval < 0) {
      spec.commandLine().getErr().println("cloudsync: --listing-page-size must be 1-1000; --grace and"
          + " --reload-interval must not be negative");
      return null;
    }
    InetSocketAddress metricsAddress = null;
    if (!metricsBind.isBlank()) {
      metricsAddress = address("--metrics-bind", metricsBind);
      if (metricsAddress == null) {
        return null;
      }
    }
    if (ioThreads != null && (ioThreads < 1 || ioThreads > 256)) {
      spec.commandLine().getErr().println("cloudsync: --io-threads must be 1-256, not " + ioThreads);
      return null;
    }
    if (headTimeout < 1) {
      spec.commandLine().getErr().println("cloudsync: --head-timeout must be at least 1 second, not " + headTimeout);
      return null;
    }
    if (maxConnections < 1) {
      spec.commandLine().getErr().println("cloudsync: --max-connections must be at least 1, not " + maxConnections);
      return null;
    }
    return new Parsed(address, proxy, metricsAddress);
  }

  /** {@code value} as a resolved HOST:PORT address, or null after printing why it is not one. */
  private InetSocketAddress address(String option, String value) {
    try {
      HostPort hp = HostPort.parse(value);
      InetSocketAddress address = new InetSocketAddress(hp.host(), hp.port());
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("cannot resolve host \"" + hp.host() + "\"");
      }
      return address;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("cloudsync: " + option + " " + e.getMessage());
      return null;
    }
  }

  private ShuntOptions options() {
    ShuntOptions options = ShuntOptions.defaults().withHeadTimeout(Duration.ofSeconds(headTimeout))
        .withMaxConnections(maxConnections);
    return ioThreads == null ? options : options.withIoThreads(ioThreads);
  }

  ConfiguredShunt start(Parsed parsed, ConfiguredShunt.Loaded loaded) throws IOException {
    return ConfiguredShunt.start(config, loaded, parsed.listen(), parsed.swiftProxy(), options(),
        ArchiveSettings.defaults().withListingPageSize(listingPageSize), Duration.ofSeconds(reloadInterval), new Backends());
  }

  /** SIGHUP re-reads the configuration (where the JVM lets us handle it). */
  @SuppressWarnings("restriction")
  private static void onSighup(ConfiguredShunt shunt) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
        LOG.info("SIGHUP: reloading the configuration");
        shunt.reload();
      });
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      LOG.debug("cannot handle SIGHUP here: {}; the config is still re-read when it changes", e.toString());
    }
  }
}
