package io.cloudsync.sync.pass;

import io.cloudsync.sync.hold.DeleteGuard;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.config.ConfigLoader;
import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.SyncConfig;
import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.ObjectRow;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.status.CursorEntry;
import io.cloudsync.status.RetryRow;
import io.cloudsync.status.StatusKey;
import io.cloudsync.status.StatusStore;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.RemoteTarget;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.local.InternalProxyClient;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.sync.metrics.SyncMetrics;
import io.cloudsync.sync.plan.RowPlanner;
import io.cloudsync.sync.transfer.ObjectSyncer;
import io.cloudsync.sync.work.WorkerPool;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.Saio;
import io.cloudsync.testing.SwiftClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code kill -9} in the middle of a pass would leave behind: the status file as it is
 * while one upload hangs. A row that failed earlier in the same pass and that the saved cursor
 * has already passed must be in the saved retry list, or it is lost for good after a crash.
 */
class ReplicaPassCrashIT {
  @TempDir
  Path dir;

  @Test
  void aCursorSavedMidPassCarriesTheRetriesItPassed() throws Exception {
    Saio saio = Saio.get();
    SwiftClient swift = saio.client();
    String container = "crash-it-" + UUID.randomUUID().toString().substring(0, 8);
    String bucket = "bucket-" + UUID.randomUUID().toString().substring(0, 8);
    swift.createContainer(container);
    LocalReplica replica = new ReplicaLocator(saio.swiftDir(), saio.devices(1), saio.bindIp(1), saio.containerPort(1))
        .find(saio.account(), container).get(0);
    List<String> own = new ArrayList<>();
    for (int i = 0; own.size() < 25; i++) {
      String name = String.format("obj-%04d", i);
      if (RowOwnership.owns(name, replica.nodeIndex(), replica.nodeCount())) {
        own.add(name);
      }
    }
    String failing = own.get(0);
    String hanging = own.get(own.size() - 1);
    for (String name : own) {
      swift.put(container, name, name.getBytes(StandardCharsets.UTF_8), Map.of());
    }
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + replica.device().ip() + ":"
        + replica.device().port() + "/" + replica.device().device() + "/" + replica.partition() + "/"
        + saio.account() + "/" + container)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    long failingRow = rowOf(replica, failing);

    try (EmbeddedS3 s3 = EmbeddedS3.start()) {
      s3.createBucket(bucket);
      SyncConfig config = new ConfigLoader().parse("""
          {"containers": [{"account": "%s", "container": "%s", "aws_bucket": "%s", "aws_endpoint": "%s",
            "aws_identity": "%s", "aws_secret": "%s"}],
           "devices": "%s", "swift_dir": "%s", "status_dir": "%s"}
          """.formatted(saio.account(), container, bucket, s3.endpoint(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET,
          saio.devices(1), saio.swiftDir(), dir.resolve("status")), "test");
      MappingConfig mapping = config.containers().get(0);
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch hung = new CountDownLatch(1);
      RemoteStore real = new Backends().store(RemoteTarget.of(mapping, 4));
      RemoteStore store = (RemoteStore) Proxy.newProxyInstance(RemoteStore.class.getClassLoader(),
          new Class<?>[] {RemoteStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("upload") && args[0] instanceof SwiftPath path) {
              if (path.object().equals(failing)) {
                throw new StoreException(StoreException.Kind.TRANSIENT, "injected failure");
              }
              if (path.object().equals(hanging)) {
                hung.countDown();
                release.await();
              }
            }
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      try (InternalProxyClient local = new InternalProxyClient(URI.create(saio.internalProxyUrl()), 8);
           WorkerPool pool = new WorkerPool("crash-it", 4)) {
        MappingRuntime runtime = new MappingRuntime(mapping, store, new ObjectSyncer(local, store, false, false),
            new RowPlanner(true, Duration.ZERO), new MappingHealth("crash-it"), DeleteGuard.none());
        StatusStore status = new StatusStore(dir.resolve("status"), Clock.systemUTC());
        ReplicaPass pass = new ReplicaPass(runtime, io.cloudsync.crawler.shard.CrawlDb.unsharded(replica), new ReplicaPass.Settings(5, Duration.ofMinutes(10),
            Duration.ofHours(1)), status, pool, new SyncMetrics(), Clock.systemUTC());
        Thread running = new Thread(() -> {
          try {
            pass.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        running.start();
        assertThat(hung.await(60, TimeUnit.SECONDS)).as("the last own row's upload started").isTrue();

        String dbId;
        try (ContainerDb db = ContainerDb.open(replica.dbFile())) {
          dbId = db.info().id();
        }
        StatusKey key = new StatusKey(saio.account(), container, dbId, mapping.targetId());
        CursorEntry saved = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
          saved = status.read(key, bucket, runtime.policy());
          if (saved.lastRow() > failingRow) {
            break;
          }
          Thread.sleep(20);
        }
        // The state a kill -9 right now would leave: the cursor is past the failed row...
        assertThat(saved.lastRow()).as("saved cursor passed the failed row %d mid-pass", failingRow)
            .isGreaterThan(failingRow);
        // ...so the failed row must be saved for retry with it.
        assertThat(saved.retries()).extracting(RetryRow::row).contains(failingRow);

        release.countDown();
        running.join(60_000);
        CursorEntry end = status.read(key, bucket, runtime.policy());
        assertThat(end.retries()).extracting(RetryRow::name).containsExactly(failing);
        assertThat(end.lastRow()).isEqualTo(end.maxRow());
      } finally {
        real.close();
      }
    }
  }

  private static long rowOf(LocalReplica replica, String name) throws Exception {
    try (ContainerDb db = ContainerDb.open(replica.dbFile())) {
      for (ObjectRow row : db.rowsAfter(0, 10_000)) {
        if (row.name().equals(name)) {
          return row.rowId();
        }
      }
    }
    throw new AssertionError(name + " is not in " + replica.dbFile());
  }
}
