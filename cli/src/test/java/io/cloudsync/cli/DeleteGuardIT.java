package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code max_deletes_per_pass}: a pass that would delete more than the limit holds its deletes
 * (none performed, uploads go on), the hold survives restarts, shows in {@code status}, in
 * {@code /metrics} and {@code /healthz}, and {@code release-deletes} lets a running daemon
 * perform them all. Remote deletes are counted at the S3 server.
 */
class DeleteGuardIT extends SaioS3TestBase {
  private static final int OBJECTS = 1000;

  @Test
  void aMassDeleteIsHeldAcrossRestartsUntilReleasedThenPerformedInFull() throws Exception {
    String container = unique("opsa-guard");
    String bucket = unique("opsa-guard");
    String account = fx.saio.account();
    swift.createContainer(container);
    s3.createBucket(bucket);
    inParallel(OBJECTS, i -> swift.put(container, "obj-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8),
        Map.of()));
    int port = DaemonProcess.freePort();
    ObjectNode config = fx.config(1,
        fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET));
    config.put("max_deletes_per_pass", 100);
    config.put("metrics_bind", "127.0.0.1:" + port);
    Path conf = fx.write("guard.json", config);

    SyncFixture.Run first = fx.syncOnce(conf);
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(keys(bucket)).hasSize(OBJECTS);

    inParallel(OBJECTS, i -> swift.delete(container, "obj-" + i));
    long deletesBefore = s3.requests("DeleteObject");

    SyncFixture.Run held = fx.syncOnce(conf);
    assertThat(held.exitCode()).as(held.err()).isZero();
    assertThat(s3.requests("DeleteObject") - deletesBefore).as("remote deletes while held").isZero();
    assertThat(keys(bucket)).hasSize(OBJECTS);
    JsonNode row = status(conf, container);
    assertThat(row.get("deletes_held").asLong()).isEqualTo(OBJECTS);
    assertThat(row.get("held_since").asText()).isNotBlank();
    SyncFixture.Run table = SyncFixture.cloudsync("status", "--config", conf.toString());
    assertThat(table.out()).contains("deletes held since").contains("release-deletes");

    // a new process (as after a restart or a reboot) keeps the hold, and uploads go on
    swift.put(container, "new-while-held", "fresh".getBytes(StandardCharsets.UTF_8), Map.of());
    try (DaemonProcess daemon = DaemonProcess.start(conf, dir.resolve("daemon.log"), port)) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
          assertThat(keys(bucket)).as(daemon.log()).contains(s3Key(account, container, "new-while-held")));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(daemon.metric("cloudsync_passes_total")).isGreaterThanOrEqualTo(3));
      assertThat(s3.requests("DeleteObject") - deletesBefore).as("remote deletes while held").isZero();
      assertThat(daemon.metric("cloudsync_alert{account=\"" + account + "\",container=\"" + container + "\","
          + "reason=\"deletes_held\"")).as(daemon.get("/metrics").body()).isEqualTo(1.0);
      DaemonProcess.Answer health = daemon.get("/healthz");
      assertThat(health.status()).as(health.body()).isEqualTo(503);
      assertThat(health.body()).contains("deletes held").contains(container).contains(OBJECTS + " remote deletes");

      SyncFixture.Run release = SyncFixture.cloudsync("release-deletes", "--config", conf.toString(),
          "--account", account, "--container", container);
      assertThat(release.exitCode()).as(release.err()).isZero();
      assertThat(release.out()).contains("releasing " + OBJECTS + " held deletes");

      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
          assertThat(keys(bucket)).as(daemon.log()).containsExactly(s3Key(account, container, "new-while-held")));
      // the S3 store deletes an object's key and its .manifests key (an SLO's manifest) for each tombstone
      assertThat(s3.requests("DeleteObject") - deletesBefore).as("remote deletes after the release")
          .isEqualTo(2L * OBJECTS);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(status(conf, container).get("deletes_held").asLong()).isZero();
        assertThat(daemon.metric("cloudsync_alert{account=\"" + account + "\",container=\"" + container + "\","
            + "reason=\"deletes_held\"")).isEqualTo(0.0);
      });
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(daemon.get("/healthz")).isEqualTo(new DaemonProcess.Answer(200, "ok\n")));
    }
    SyncFixture.Run again = SyncFixture.cloudsync("release-deletes", "--config", conf.toString(),
        "--account", account, "--container", container);
    assertThat(again.out()).contains("no deletes are held");
  }

  private JsonNode status(Path conf, String container) throws Exception {
    SyncFixture.Run run = SyncFixture.cloudsync("status", "--config", conf.toString(), "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (JsonNode row : SyncFixture.JSON.readTree(run.out())) {
      if (row.get("container").asText().equals(container)) {
        return row;
      }
    }
    throw new AssertionError("no status for " + container + " in " + run.out());
  }

  private List<String> keys(String bucket) {
    return s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key).toList();
  }

  /** Runs {@code task(0..n-1)} on 16 threads; the first failure fails the test. */
  static void inParallel(int n, IntConsumer task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        done.add(pool.submit(() -> task.accept(index)));
      }
      for (Future<?> f : done) {
        f.get(5, TimeUnit.MINUTES);
      }
      assertThat(done).hasSize(n);
    } finally {
      pool.shutdownNow();
    }
  }
}
