package io.cloudsync.shunt.archive;

import io.cloudsync.config.ConfigException;
import io.cloudsync.config.ConfigLoader;
import io.cloudsync.config.MissingConfigException;
import io.cloudsync.config.SyncConfig;
import io.cloudsync.shunt.ShuntOptions;
import io.cloudsync.shunt.ShuntServer;
import io.cloudsync.store.StoreFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shunt as {@code cloudsync shunt} runs it: a {@link ShuntServer} whose routes come from
 * {@code sync.json}. It never stops over configuration (it sits in front of Swift): a missing, unreadable or invalid
 * file is logged and everything passes through. The file is read again when it changes (checked
 * every {@code reloadInterval}) or on {@link #reload()} (SIGHUP); a reload that fails keeps the
 * routes in use. Replaced routes keep serving the requests already using them and are released
 * {@link #RETIRE_AFTER} later.
 */
public final class ConfiguredShunt implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfiguredShunt.class);
  /** How long replaced routes (their S3 clients) stay open for requests in progress. */
  static final Duration RETIRE_AFTER = Duration.ofMinutes(15);

  /** The outcome of reading the configuration file: a config, or why there is none. */
  public record Loaded(SyncConfig config, String problem, Stamp stamp) {
    public boolean ok() {
      return config != null;
    }
  }

  /** What the file looked like when read (a change triggers a reload). */
  record Stamp(boolean exists, long modified, long size) {}

  private final Path file;
  private final ArchiveSettings settings;
  private final StoreFactory stores;
  private final ShuntServer server;
  private final EventLoopGroup restoreGroup;
  private final ScheduledExecutorService timer;
  private volatile ArchiveRoutes current;
  private volatile Stamp stamp;
  private volatile SyncConfig config;

  private ConfiguredShunt(Path file, ArchiveSettings settings, ShuntServer server, EventLoopGroup restoreGroup,
      ArchiveRoutes routes, Loaded loaded, ScheduledExecutorService timer, StoreFactory stores) {
    this.file = file;
    this.stores = stores;
    this.settings = settings;
    this.server = server;
    this.restoreGroup = restoreGroup;
    this.current = routes;
    this.stamp = loaded.stamp();
    this.config = loaded.config();
    this.timer = timer;
  }

  /** Reads the configuration; never throws over its content. */
  public static Loaded load(Path file) {
    Stamp stamp = stamp(file);
    try {
      return new Loaded(new ConfigLoader().load(file), null, stamp);
    } catch (MissingConfigException e) {
      return new Loaded(null, e.getMessage(), stamp);
    } catch (ConfigException e) {
      return new Loaded(null, e.getMessage(), stamp);
    } catch (RuntimeException e) {
      return new Loaded(null, file + ": cannot be used: " + e, stamp);
    }
  }

  /**
   * Starts serving. {@code loaded} is the result of {@link #load} (the caller may have used it to
   * set up logging first).
   *
   * @param reloadInterval how often to check the file for changes; zero or negative: never
   * @throws IOException when {@code listen} cannot be bound
   */
  public static ConfiguredShunt start(Path file, Loaded loaded, InetSocketAddress listen, URI swiftProxy,
      ShuntOptions options, ArchiveSettings settings, Duration reloadInterval, StoreFactory stores)
      throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(loaded, "loaded");
    EventLoopGroup restoreGroup = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("shunt-restore", true),
        NioIoHandler.newFactory());
    ArchiveRoutes routes = routesFor(loaded, file, settings, restoreGroup, stores);
    ShuntServer server;
    try {
      server = ShuntServer.start(listen, swiftProxy, routes.routes(), options);
    } catch (IOException | RuntimeException e) {
      routes.close();
      restoreGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "shunt-config");
      t.setDaemon(true);
      return t;
    });
    ConfiguredShunt shunt = new ConfiguredShunt(file, settings, server, restoreGroup, routes, loaded, timer, stores);
    if (!reloadInterval.isZero() && !reloadInterval.isNegative()) {
      long ms = reloadInterval.toMillis();
      timer.scheduleWithFixedDelay(shunt::reloadIfChanged, ms, ms, TimeUnit.MILLISECONDS);
    }
    return shunt;
  }

  private static ArchiveRoutes routesFor(Loaded loaded, Path file, ArchiveSettings settings, EventLoopGroup group,
      StoreFactory stores) {
    if (!loaded.ok()) {
      log.warn("shunt: {}; passing every request through to Swift until the configuration is fixed",
          loaded.problem());
      return ArchiveRoutes.none();
    }
    loaded.config().warnings().forEach(w -> log.warn("{}: {}", file, w));
    try {
      return ArchiveRoutes.fromConfig(loaded.config(), settings, group, stores);
    } catch (RuntimeException e) {
      log.warn("shunt: cannot set up routes from {}: {}; passing every request through", file, e.toString(), e);
      return ArchiveRoutes.none();
    }
  }

  private static Stamp stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(true, a.lastModifiedTime().toMillis(), a.size());
    } catch (IOException e) {
      return new Stamp(false, 0, 0);
    }
  }

  private void reloadIfChanged() {
    try {
      if (!stamp(file).equals(stamp)) {
        reload();
      }
    } catch (RuntimeException e) {
      log.warn("shunt: checking {} for changes failed: {}", file, e.toString());
    }
  }

  /**
   * Reads the configuration again and switches to its routes. A file that is now missing or
   * invalid is logged and the current routes stay.
   *
   * @return true when the routes were replaced
   */
  public synchronized boolean reload() {
    Loaded loaded = load(file);
    stamp = loaded.stamp();
    if (!loaded.ok()) {
      log.warn("shunt: not reloading: {}; keeping the {} routes in use", loaded.problem(), current.routes().size());
      return false;
    }
    loaded.config().warnings().forEach(w -> log.warn("{}: {}", file, w));
    ArchiveRoutes next;
    try {
      next = ArchiveRoutes.fromConfig(loaded.config(), settings, restoreGroup, stores);
    } catch (RuntimeException e) {
      log.warn("shunt: not reloading {}: {}; keeping the routes in use", file, e.toString(), e);
      return false;
    }
    ArchiveRoutes previous = current;
    current = next;
    config = loaded.config();
    server.updateRoutes(next.routes());
    log.info("shunt: reloaded {}", file);
    if (previous != ArchiveRoutes.none()) {
      timer.schedule(previous::close, RETIRE_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }
    return true;
  }

  public InetSocketAddress localAddress() {
    return server.localAddress();
  }

  public ShuntServer server() {
    return server;
  }

  /** The configuration in use, or null when there is none (pass-through). */
  public SyncConfig config() {
    return config;
  }

  /** Graceful stop: requests in progress get up to {@code grace} to finish. */
  public void shutdown(Duration grace) {
    timer.shutdownNow();
    server.shutdown(grace);
    release();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    server.close();
    release();
  }

  private void release() {
    current.close();
    restoreGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
