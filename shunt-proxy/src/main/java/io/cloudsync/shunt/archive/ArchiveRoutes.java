package io.cloudsync.shunt.archive;

import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.Protocol;
import io.cloudsync.config.SyncConfig;
import io.cloudsync.shunt.ShuntRoutes;
import io.cloudsync.shunt.s3.DirectS3Reader;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.s3.S3RemoteReader;
import io.cloudsync.store.s3.S3StoreSettings;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shunt's routes for a configuration (UPSTREAM.md §3.2): one per mapping with
 * {@code propagate_delete: false}, keyed by account and container ({@code /*} for a per-account
 * mapping; the exact container wins over {@code /*} at lookup). As upstream, a later mapping of
 * the same container replaces an earlier one (logged). Mappings the shunt cannot read from yet
 * (Swift and native GCS targets) are logged and their requests pass through. Owns the remote
 * readers; {@link #close()} releases them.
 */
public final class ArchiveRoutes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArchiveRoutes.class);

  /** Creates the reader of a mapping's target (tests substitute their own). */
  @FunctionalInterface
  public interface ReaderFactory {
    RemoteReader create(MappingConfig mapping, ArchiveSettings settings);
  }

  /** How long a direct S3 read waits for the answer's head (the SDK client's socket timeout). */
  private static final Duration DIRECT_ANSWER_TIMEOUT = Duration.ofMinutes(2);

  private static final ArchiveRoutes NONE = new ArchiveRoutes(ShuntRoutes.none(), List.of());

  private final ShuntRoutes routes;
  private final List<RemoteReader> readers;

  private ArchiveRoutes(ShuntRoutes routes, List<RemoteReader> readers) {
    this.routes = routes;
    this.readers = List.copyOf(readers);
  }

  /** No configuration: everything passes through. */
  public static ArchiveRoutes none() {
    return NONE;
  }

  /**
   * @param restoreGroup event loops for restore PUTs
   */
  public static ArchiveRoutes fromConfig(SyncConfig config, ArchiveSettings settings, EventLoopGroup restoreGroup) {
    return fromConfig(config, settings, restoreGroup, ArchiveRoutes::s3Reader);
  }

  public static ArchiveRoutes fromConfig(SyncConfig config, ArchiveSettings settings, EventLoopGroup restoreGroup,
      ReaderFactory factory) {
    Objects.requireNonNull(config, "config");
    ShuntRoutes.Builder builder = ShuntRoutes.builder();
    Map<String, MappingConfig> seen = new LinkedHashMap<>();
    List<RemoteReader> readers = new ArrayList<>();
    Restorer restorer = null;
    for (MappingConfig m : config.containers()) {
      if (!m.shunted()) {
        continue;
      }
      String name = m.account() + "/" + m.container();
      if (m.protocol() != Protocol.S3) {
        log.warn("shunt: {} goes to a {} target, which the shunt cannot read from yet; its requests pass through",
            name, m.protocol().name().toLowerCase(Locale.ROOT));
        continue;
      }
      RemoteReader reader;
      try {
        reader = factory.create(m, settings);
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
      builder.route(m.account(), m.container(), new RemoteArchiveReader(reader, r, direct(reader)),
          new RemoteListingSplicer(reader, m.listingDuplicates(), settings));
      log.info("shunt: archived objects of {} are served from {}{}", name, reader.describe(),
          m.restoreObject() ? " and restored on read" : "");
    }
    return new ArchiveRoutes(builder.build(), readers);
  }

  static RemoteReader s3Reader(MappingConfig m, ArchiveSettings settings) {
    URI endpoint = m.awsEndpoint() == null ? null : URI.create(m.awsEndpoint());
    return new S3RemoteReader(new S3StoreSettings(endpoint, m.awsBucket(), m.awsIdentity(),
        m.awsSecret().reveal(), m.customPrefix(), m.encryption(), settings.remoteConnections(), m.isGoogle()));
  }

  /** The direct reader of an S3-compatible endpoint's bucket, or null (Amazon, GCS, test readers). */
  private static DirectS3Reader direct(RemoteReader reader) {
    if (reader instanceof S3RemoteReader s3 && DirectS3Reader.supports(s3.settings())) {
      return new DirectS3Reader(s3.settings(), Clock.systemUTC(), DIRECT_ANSWER_TIMEOUT);
    }
    return null;
  }

  public ShuntRoutes routes() {
    return routes;
  }

  @Override
  public void close() {
    for (RemoteReader reader : readers) {
      try {
        reader.close();
      } catch (RuntimeException e) {
        log.debug("closing {} failed: {}", reader.describe(), e.toString());
      }
    }
  }
}
