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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What an operator sees of a running daemon (a child process): {@code /healthz} answers 503 with
 * the reason while a mapping is blocked and 200 once it is fixed, the alert clears, errors are
 * counted by cause, transfers are timed; {@code status} shows the block (why, since when) and rows
 * behind read from the live DB, which keep growing while the target is down.
 */
class OperatorViewIT extends SaioS3TestBase {

  @Test
  void healthzIs503WithTheReasonWhileABucketIsMissingAndOkWithTheAlertClearedOnceItExists() throws Exception {
    String container = unique("opsa-health");
    String bucket = unique("opsa-health");
    String account = fx.saio.account();
    swift.createContainer(container);
    for (int i = 0; i < 3; i++) {
      swift.put(container, "obj-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8), Map.of());
    }
    int port = DaemonProcess.freePort();
    ObjectNode config = fx.config(1,
        fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET));
    config.put("metrics_bind", "127.0.0.1:" + port);
    Path conf = fx.write("health.json", config);
    String alert = "cloudsync_alert{account=\"" + account + "\",container=\"" + container + "\",reason=\"blocked\"";

    try (DaemonProcess daemon = DaemonProcess.start(conf, dir.resolve("daemon.log"), port)) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        DaemonProcess.Answer health = daemon.get("/healthz");
        assertThat(health.status()).as(daemon.log()).isEqualTo(503);
        assertThat(health.body()).contains("blocked").contains(container).contains("NoSuchBucket");
      });
      assertThat(daemon.metric("cloudsync_errors_total{cause=\"no_such_bucket\"")).isGreaterThanOrEqualTo(1);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(daemon.metric(alert)).isEqualTo(1.0));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        JsonNode row = status(conf, container);
        assertThat(row.get("blocked_reason").asText()).contains("NoSuchBucket");
        assertThat(row.get("blocked_since").asText()).isNotBlank();
      });

      s3.createBucket(bucket);

      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
          assertThat(daemon.get("/healthz")).as(daemon.log()).isEqualTo(new DaemonProcess.Answer(200, "ok\n")));
      assertThat(daemon.metric(alert)).isEqualTo(0.0);
      assertThat(keys(s3, bucket)).contains(s3Key(account, container, "obj-2"));
      assertThat(daemon.get("/metrics").body()).contains("cloudsync_transfer_seconds_bucket{")
          .contains("outcome=\"copied\"");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        JsonNode row = status(conf, container);
        assertThat(row.get("blocked_reason").isNull()).as(row.toString()).isTrue();
        assertThat(row.get("bytes_copied").asLong()).isEqualTo(18);
        assertThat(row.get("next_pass").asText()).isNotBlank();
        assertThat(row.get("last_pass_end").asText()).isNotBlank();
        assertThat(row.get("rows_behind").asLong()).isZero();
      });
    }
  }

  @Test
  void healthzIs503WhileAContainerLagsBeyondHealthMaxLagAndOkOnceItCatchesUp() throws Exception {
    String container = unique("opsa-lag");
    String bucket = unique("opsa-lag");
    swift.createContainer(container);
    s3.createBucket(bucket);
    swift.put(container, "fine", "fine".getBytes(StandardCharsets.UTF_8), Map.of());
    // S3Proxy refuses keys with an empty segment: this row fails on every attempt, the mapping goes on
    swift.put(container, "refused//by-s3proxy", "stuck".getBytes(StandardCharsets.UTF_8), Map.of());
    int port = DaemonProcess.freePort();
    ObjectNode config = fx.config(1,
        fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET));
    config.put("metrics_bind", "127.0.0.1:" + port);
    config.put("health_max_lag", 3);
    Path conf = fx.write("lag.json", config);

    try (DaemonProcess daemon = DaemonProcess.start(conf, dir.resolve("daemon.log"), port)) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        DaemonProcess.Answer health = daemon.get("/healthz");
        assertThat(health.status()).as(daemon.log()).isEqualTo(503);
        assertThat(health.body()).contains("lagging").contains(container).contains("health_max_lag 3 s");
      });
      assertThat(keys(s3, bucket)).as("the mapping is not blocked: other rows sync")
          .contains(s3Key(fx.saio.account(), container, "fine"));

      swift.delete(container, "refused//by-s3proxy"); // nothing left to sync: the lag ends at the retry

      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
          assertThat(daemon.get("/healthz")).as(daemon.log()).isEqualTo(new DaemonProcess.Answer(200, "ok\n")));
    }
  }

  @Test
  void statusShowsTheBlockAndAGrowingBehindWhileTheS3ServerIsStopped() throws Exception {
    String container = unique("opsa-outage");
    String bucket = unique("opsa-outage");
    String account = fx.saio.account();
    swift.createContainer(container);
    EmbeddedS3 own = EmbeddedS3.start();
    own.createBucket(bucket);
    for (int i = 0; i < 5; i++) {
      swift.put(container, "before-" + i, "x".getBytes(StandardCharsets.UTF_8), Map.of());
    }
    int port = DaemonProcess.freePort();
    ObjectNode config = fx.config(1,
        fx.mapping(container, bucket, own.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET));
    config.put("metrics_bind", "127.0.0.1:" + port);
    Path conf = fx.write("outage.json", config);

    try (DaemonProcess daemon = DaemonProcess.start(conf, dir.resolve("daemon.log"), port)) {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
          assertThat(keys(own, bucket)).as(daemon.log()).hasSize(5));
      own.close(); // the S3 server is gone: connections are refused

      for (int i = 0; i < 10; i++) {
        swift.put(container, "during-" + i, "y".getBytes(StandardCharsets.UTF_8), Map.of());
      }
      AtomicLong behind = new AtomicLong();
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        JsonNode row = status(conf, container);
        assertThat(row.get("blocked_reason").isNull()).as(row + "\n" + daemon.log()).isFalse();
        assertThat(row.get("blocked_since").asText()).isNotBlank();
        // the live DB has every row (the cursor may have passed other nodes' rows before the block)
        assertThat(row.get("max_row").asLong()).as(row.toString()).isGreaterThanOrEqualTo(15);
        assertThat(row.get("rows_behind").asLong()).as(row.toString()).isGreaterThanOrEqualTo(1);
        behind.set(row.get("rows_behind").asLong());
      });
      assertThat(daemon.get("/healthz").status()).isEqualTo(503);

      for (int i = 0; i < 5; i++) {
        swift.put(container, "later-" + i, "z".getBytes(StandardCharsets.UTF_8), Map.of());
      }
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        JsonNode row = status(conf, container);
        assertThat(row.get("max_row").asLong()).as(row.toString()).isGreaterThanOrEqualTo(20);
        assertThat(row.get("rows_behind").asLong()).as("BEHIND grows while blocked").isEqualTo(behind.get() + 5);
      });
      SyncFixture.Run table = SyncFixture.cloudsync("status", "--config", conf.toString());
      assertThat(table.out()).contains("BLOCKED since").contains(container);
    }
  }

  static JsonNode status(Path conf, String container) throws Exception {
    SyncFixture.Run run = SyncFixture.cloudsync("status", "--config", conf.toString(), "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    for (JsonNode row : SyncFixture.JSON.readTree(run.out())) {
      if (row.get("container").asText().equals(container)) {
        return row;
      }
    }
    throw new AssertionError("no status for " + container + " in " + run.out());
  }

  private static List<String> keys(EmbeddedS3 server, String bucket) {
    return server.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key).toList();
  }
}
