package io.cloudsync.shunt.archive;

import io.cloudsync.config.ListingDuplicates;
import io.cloudsync.config.MigrationConfig;

import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.SyncConfig;
import io.cloudsync.shunt.ShuntRoutes;
import io.cloudsync.shunt.direct.DirectReader;
import io.cloudsync.store.EgressProxy;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.RemoteTarget;
import io.cloudsync.store.StoreFactory;
import io.cloudsync.store.UnsupportedTargetException;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shunt's routes for a configuration (as swift-s3-sync's {@code shunt.py}): one per mapping with
 * {@code propagate_delete: false}, keyed by account and container ({@code /*} for a per-account
 * mapping; the exact container wins over {@code /*} at lookup). As upstream, a later mapping of
 * the same container replaces an earlier one (logged). Mappings whose target has no reader in
 * this version are logged and their requests pass through. Object DELETE and POST that Swift
 * answers with 404 delete or change the archived copy ({@link RemoteArchiveWriter}, SPEC §8). Owns
 * the remote readers and stores; {@link #close()} releases them.
 */
public final class ArchiveRoutes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArchiveRoutes.class);

  /** Creates the reader of a mapping's target (tests substitute their own). */
  @FunctionalInterface
  public interface ReaderFactory {
    RemoteReader create(MappingConfig mapping, ArchiveSettings settings) throws UnsupportedTargetException;
  }

  /** Creates the store (write side) of a mapping's target, for DELETE and POST of archived objects. */
  @FunctionalInterface
  public interface WriterFactory {
    RemoteStore create(MappingConfig mapping, ArchiveSettings settings) throws UnsupportedTargetException;
  }

  /** How long a direct read waits for the answer's head (the SDK client's socket timeout). */
  private static final Duration DIRECT_ANSWER_TIMEOUT = Duration.ofMinutes(2);
  /** HTTP connections of a mapping's store for archive changes (as many as {@link ArchiveChanges} has threads). */
  private static final int WRITER_CONNECTIONS = ArchiveChanges.THREADS;

  private static final ArchiveRoutes NONE = new ArchiveRoutes(ShuntRoutes.none(), List.of(), List.of(), null);

  private final ShuntRoutes routes;
  private final List<RemoteReader> readers;
  private final List<RemoteArchiveWriter> writers;
  private final ArchiveChanges changes;

  private ArchiveRoutes(ShuntRoutes routes, List<RemoteReader> readers, List<RemoteArchiveWriter> writers,
      ArchiveChanges changes) {
    this.routes = routes;
    this.readers = List.copyOf(readers);
    this.writers = List.copyOf(writers);
    this.changes = changes;
  }

  /** No configuration: everything passes through. */
  public static ArchiveRoutes none() {
    return NONE;
  }

  /**
   * @param restoreGroup event loops for restore PUTs
   */
  public static ArchiveRoutes fromConfig(SyncConfig config, ArchiveSettings settings, EventLoopGroup restoreGroup,
      StoreFactory stores) {
    EgressProxy proxy = EgressProxy.of(config);
    return fromConfig(config, settings, restoreGroup,
        (m, s) -> stores.reader(RemoteTarget.of(m, s.remoteConnections(), proxy)),
        (m, s) -> stores.store(RemoteTarget.of(m, WRITER_CONNECTIONS, proxy)),
        (m, s) -> stores.reader(RemoteTarget.ofMigration(m, m.awsBucket(), false, s.remoteConnections(), proxy)));
  }

  /** Creates the reader of a migration's source, for read-through while it migrates. */
  @FunctionalInterface
  public interface MigrationReaderFactory {
    RemoteReader create(MigrationConfig migration, ArchiveSettings settings) throws UnsupportedTargetException;
  }

  /** Routes that only read: DELETE and POST of archived objects pass through to Swift. */
  public static ArchiveRoutes fromConfig(SyncConfig config, ArchiveSettings settings, EventLoopGroup restoreGroup,
      ReaderFactory factory) {
    return fromConfig(config, settings, restoreGroup, factory, null);
  }

  /**
   * @param writers creates the stores that delete and change archived copies, or null for none
   */
  public static ArchiveRoutes fromConfig(SyncConfig config, ArchiveSettings settings, EventLoopGroup restoreGroup,
      ReaderFactory factory, WriterFactory writers) {
    return fromConfig(config, settings, restoreGroup, factory, writers, null);
  }

  /**
   * @param migrations creates the readers of migration sources, or null to serve none: a
   *     {@code migrations[]} entry of one bucket or container (not {@code /*}) becomes a read-only
   *     route of its destination container, so an object not yet copied is served from the source
   *     (GET, HEAD, listings; DELETE and POST pass through to Swift), unless a mapping routes the
   *     same container already
   */
  public static ArchiveRoutes fromConfig(SyncConfig config, ArchiveSettings settings, EventLoopGroup restoreGroup,
      ReaderFactory factory, WriterFactory writers, MigrationReaderFactory migrations) {
    Objects.requireNonNull(config, "config");
    ShuntRoutes.Builder builder = ShuntRoutes.builder();
    Map<String, MappingConfig> seen = new LinkedHashMap<>();
    List<RemoteReader> readers = new ArrayList<>();
    List<RemoteArchiveWriter> archiveWriters = new ArrayList<>();
    ArchiveChanges changes = writers == null ? null : new ArchiveChanges();
    Restorer restorer = null;
    for (MappingConfig m : config.containers()) {
      if (!m.shunted()) {
        continue;
      }
      String name = m.account() + "/" + m.container();
      RemoteReader reader;
      try {
        reader = factory.create(m, settings);
      } catch (UnsupportedTargetException e) {
        log.warn("shunt: {} cannot be served from its archive: {}; its requests pass through", name, e.getMessage());
        continue;
      } catch (RuntimeException e) {
        log.warn("shunt: cannot serve {} from bucket '{}': {}; its requests pass through", name, m.awsBucket(),
            e.getMessage());
        continue;
      }
      readers.add(reader);
      Restorer r = null;
      if (m.restoreObject()) {
        if (restorer == null) {
          restorer = new Restorer(config.internalProxyUrl(), restoreGroup, settings);
        }
        r = restorer;
      }
      MappingConfig earlier = seen.put(name, m);
      if (earlier != null) {
        log.warn("shunt: {} is mapped more than once; serving it from bucket '{}' (the last mapping), not '{}'",
            name, m.awsBucket(), earlier.awsBucket());
      }
      RemoteArchiveWriter writer = null;
      if (writers != null) {
        writer = new RemoteArchiveWriter(() -> createStore(writers, m, settings), changes);
        archiveWriters.add(writer);
      }
      builder.route(m.account(), m.container(),
          new RemoteArchiveReader(reader, r, DirectReader.of(reader, DIRECT_ANSWER_TIMEOUT).orElse(null)),
          new RemoteListingSplicer(reader, m.listingDuplicates(), settings), writer);
      log.info("shunt: archived objects of {} are served from {}{}", name, reader.describe(),
          m.restoreObject() ? " and restored on read" : "");
    }
    if (migrations != null) {
      for (MigrationConfig m : config.migrations()) {
        String name = m.account() + "/" + m.container();
        if (m.allBuckets() || seen.containsKey(name)) {
          continue;
        }
        RemoteReader reader;
        try {
          reader = migrations.create(m, settings);
        } catch (UnsupportedTargetException | RuntimeException e) {
          log.warn("shunt: migrating {} cannot be read through from its source: {}; its requests pass through",
              name, e.getMessage());
          continue;
        }
        readers.add(reader);
        seen.put(name, null);
        builder.route(m.account(), m.container(),
            new RemoteArchiveReader(reader, null, DirectReader.of(reader, DIRECT_ANSWER_TIMEOUT).orElse(null)),
            new RemoteListingSplicer(reader, ListingDuplicates.ONCE, settings), null);
        log.info("shunt: objects of {} not migrated yet are served from {}", name, reader.describe());
      }
    }
    return new ArchiveRoutes(builder.build(), readers, archiveWriters, changes);
  }

  private static RemoteStore createStore(WriterFactory writers, MappingConfig m, ArchiveSettings settings) {
    try {
      return writers.create(m, settings);
    } catch (UnsupportedTargetException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  public ShuntRoutes routes() {
    return routes;
  }

  @Override
  public void close() {
    if (changes != null) {
      changes.close();
    }
    writers.forEach(RemoteArchiveWriter::close);
    for (RemoteReader reader : readers) {
      try {
        reader.close();
      } catch (RuntimeException e) {
        log.debug("closing {} failed: {}", reader.describe(), e.toString());
      }
    }
  }
}
