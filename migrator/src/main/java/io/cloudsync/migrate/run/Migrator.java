package io.cloudsync.migrate.run;

import io.cloudsync.config.MigrationConfig;
import io.cloudsync.config.MigratorSettings;
import io.cloudsync.config.Protocol;
import io.cloudsync.config.SyncConfig;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.migrate.copy.ObjectCopier;
import io.cloudsync.migrate.local.ContainerAcls;
import io.cloudsync.migrate.local.LocalSwift;
import io.cloudsync.migrate.local.LocalSwiftException;
import io.cloudsync.migrate.state.CopyLedger;
import io.cloudsync.migrate.state.MigrationMetrics;
import io.cloudsync.migrate.state.MigrationStatusFile;
import io.cloudsync.migrate.state.PassTotals;
import io.cloudsync.store.EgressProxy;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.RemoteTarget;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreFactory;
import io.cloudsync.store.UnsupportedTargetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code migrations[]} of a configuration, one pass at a time. This process takes the
 * migrations whose index {@code % processes == process}, and of an account migration
 * ({@code aws_bucket: "/*"}) the source containers whose index in the account listing
 * {@code % processes == process} (upstream). Of those, this node migrates the destination
 * containers it owns in the container ring at once and the others once {@code verification_slack}
 * has passed since it first saw them.
 */
public final class Migrator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

  /** A bucket name for account-level calls, which ignore it (S3's settings want one). */
  private static final String ANY_BUCKET = "account-listing";

  private final SyncConfig conf;
  private final MigratorSettings settings;
  private final StoreFactory factory;
  private final ContainerOwnership ownership;
  private final MigrationMetrics metrics;
  private final Clock clock;
  private final MigrationStatusFile status;
  private final LocalSwift local;
  private final ObjectCopier copier;
  private final ContainerAcls acls;

  /**
   * @param acls sets container ACLs on the container servers, or null to log them instead
   * @throws IOException when the status file cannot be read
   * @throws IllegalArgumentException when the configuration has no {@code migrator_settings}
   */
  public Migrator(SyncConfig conf, StoreFactory factory, ContainerOwnership ownership, ContainerAcls acls,
      MigrationMetrics metrics, Clock clock) throws IOException {
    this.acls = acls;
    this.conf = conf;
    this.settings = Objects.requireNonNull(conf.migratorSettings(), "migrator_settings");
    this.factory = factory;
    this.ownership = ownership;
    this.metrics = metrics;
    this.clock = clock;
    this.status = MigrationStatusFile.load(settings.statusFile());
    int connections = settings.workers();
    for (MigrationConfig m : conf.migrations()) {
      connections = Math.max(connections, m.workers() * 2);
    }
    this.local = new LocalSwift(conf.internalProxyUrl(), connections);
    this.copier = new ObjectCopier(local);
  }

  public MigrationStatusFile status() {
    return status;
  }

  /** One pass over this process's migrations. */
  public PassResult runOnce() throws InterruptedException {
    PassTotals all = PassTotals.ZERO;
    List<String> failures = new ArrayList<>();
    List<MigrationConfig> migrations = conf.migrations();
    for (int i = 0; i < migrations.size(); i++) {
      MigrationConfig m = migrations.get(i);
      if (!m.allBuckets() && i % settings.processes() != settings.process()) {
        continue;
      }
      all = all.plus(runMigration(i, m, failures));
    }
    try {
      status.save();
    } catch (IOException e) {
      failures.add("status file " + settings.statusFile() + ": " + e.getMessage());
      LOG.error("cannot write the migrator status file {}: {}", settings.statusFile(), e.getMessage());
    }
    return new PassResult(all, failures);
  }

  private PassTotals runMigration(int index, MigrationConfig m, List<String> failures) throws InterruptedException {
    String name = MigrationStatusFile.id(m);
    Instant start = clock.instant();
    PassTotals totals = PassTotals.ZERO;
    String error = null;
    ExecutorService pool = Executors.newFixedThreadPool(m.workers(), named("migrate-" + index));
    try (CopyLedger ledger = new CopyLedger(ledgerFile(m))) {
      List<String> sources = sourceContainers(m);
      RemoteReader shared = m.protocol() == Protocol.SWIFT ? factory.reader(target(m, "", true)) : null;
      try {
        for (String source : sources) {
          String dest = m.allBuckets() ? source : m.container();
          boolean owned = ownership.owns(m.account(), dest);
          Instant firstSeen = status.firstSeen(m, dest, clock.instant());
          if (!owned && clock.instant().isBefore(firstSeen.plus(conf.verificationSlack()))) {
            LOG.debug("{}: {} is another node's; migrated here after verification_slack (from {})", name,
                LogSafe.text(dest), firstSeen.plus(conf.verificationSlack()));
            continue;
          }
          RemoteReader reader = shared != null ? shared : factory.reader(target(m, source, false));
          try {
            ObjectCopier.Route route = new ObjectCopier.Route(reader, m.account(), source,
                m.protocol() == Protocol.SWIFT, m.account(), dest);
            ContainerPass pass = new ContainerPass(route, m.prefix(), settings.itemsChunk(), local, copier, ledger,
                pool, m.workers(), metrics, name, acls);
            PassTotals done;
            String containerError = null;
            try {
              done = pass.run();
            } catch (IOException | LocalSwiftException e) {
              done = pass.totals();
              containerError = e.getMessage();
            }
            totals = totals.plus(done);
            status.containerPass(m, dest, owned, done, clock.instant(), containerError);
            if (containerError != null) {
              failures.add(name + " → " + dest + ": " + containerError);
              LOG.error("{} → {}: {}", name, LogSafe.text(dest), containerError);
            } else if (done.errors() > 0) {
              failures.add(name + " → " + dest + ": " + done.errors() + " objects not migrated (retried next pass)");
            }
            LOG.info("{} → {}: {} scanned, {} copied ({} bytes), {} deleted, {} errors", name, LogSafe.text(dest),
                done.scanned(), done.copied(), done.bytes(), done.deleted(), done.errors());
          } finally {
            if (reader != shared) {
              reader.close();
            }
          }
        }
      } finally {
        if (shared != null) {
          shared.close();
        }
      }
    } catch (IOException | StoreException | UnsupportedTargetException | IllegalArgumentException e) {
      error = e.getMessage();
      failures.add(name + ": " + error);
      metrics.error(name);
      LOG.error("migration {}: {}", name, error);
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
    status.migrationPass(m, totals, start, clock.instant(), error);
    return totals;
  }

  /** The source containers of a migration that this process handles. */
  private List<String> sourceContainers(MigrationConfig m) throws StoreException, UnsupportedTargetException {
    if (!m.allBuckets()) {
      return List.of(m.awsBucket());
    }
    List<String> all = factory.buckets(target(m, ANY_BUCKET, true));
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (i % settings.processes() == settings.process()) {
        mine.add(all.get(i));
      }
    }
    return mine;
  }

  /**
   * The source as a store target: native keys (an empty {@code custom_prefix}: a key is the object
   * name); a Swift source as a whole account (an empty container prefix), so one reader reaches the
   * source container and its SLO segment containers.
   */
  private RemoteTarget target(MigrationConfig m, String bucket, boolean perAccount) {
    return RemoteTarget.ofMigration(m, bucket, perAccount, m.workers() + 2, EgressProxy.of(conf));
  }

  /** The copy ledger of a migration, beside the status file, named by the migration's id. */
  private Path ledgerFile(MigrationConfig m) {
    Path statusFile = settings.statusFile().toAbsolutePath();
    return statusFile.resolveSibling(statusFile.getFileName() + ".ledger").resolve(sha256(MigrationStatusFile.id(m))
        + ".db");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
          StandardCharsets.UTF_8))).substring(0, 24);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    local.close();
  }
}
