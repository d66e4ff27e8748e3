package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.testing.EmbeddedS3;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * A daemon killed (SIGKILL) while it uploads the parts of a large object leaves a multipart
 * upload behind; the next daemon aborts it before its first pass over the container, uploads the
 * object again, and no multipart upload is left (checked with ListMultipartUploads at S3Proxy).
 */
class CrashedUploadIT extends SaioS3TestBase {
  private static final int SEGMENTS = 12;
  private static final int SEGMENT_BYTES = 5 * 1024 * 1024;

  @Test
  void aMultipartUploadCutByAKillIsAbortedByTheNextDaemon() throws Exception {
    crashAndRecover(true);
  }

  /**
   * The same for an object another node owns, which this daemon was copying as a verifier: no
   * start-up sweep takes it (another node may be uploading its own objects), so the next daemon
   * aborts it when it is about to upload that object itself.
   */
  @Test
  void anUploadCutWhileVerifyingAnotherNodesRowIsAbortedBeforeItIsSentAgain() throws Exception {
    crashAndRecover(false);
  }

  private void crashAndRecover(boolean owned) throws Exception {
    String container = unique("opsa-crash");
    String segments = container + "_segments";
    String bucket = unique("opsa-crash");
    String account = fx.saio.account();
    swift.createContainer(container);
    swift.createContainer(segments);
    s3.createBucket(bucket);
    Random random = new Random(42);
    ArrayNode manifest = SyncFixture.JSON.createArrayNode();
    for (int i = 0; i < SEGMENTS; i++) {
      byte[] body = new byte[SEGMENT_BYTES];
      random.nextBytes(body);
      String name = String.format("big/%03d", i);
      swift.put(segments, name, body, Map.of());
      manifest.addObject().put("path", "/" + segments + "/" + name);
    }
    String big = nameOf(account, container, owned);
    HttpResponse<byte[]> put = swift.request("PUT", swift.url(container, big) + "?multipart-manifest=put",
        Map.of("Content-Type", "application/octet-stream"), SyncFixture.JSON.writeValueAsBytes(manifest));
    assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    int port = DaemonProcess.freePort();
    ObjectNode config = fx.config(1,
        fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET));
    config.put("metrics_bind", "127.0.0.1:" + port);
    config.put("verification_slack", 0); // node 1 copies the other nodes' rows at once
    Path conf = fx.write("crash.json", config);

    DaemonProcess first = DaemonProcess.start(conf, dir.resolve("first.log"), port);
    try {
      await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(20)).until(() -> !uploads(bucket).isEmpty());
    } finally {
      first.kill();
    }
    assertThat(uploads(bucket)).as("the kill cut the upload (it did not complete first)\n" + first.log())
        .isNotEmpty();
    assertThat(objectSize(bucket, s3Key(account, container, big))).as("no object yet").isNull();

    try (DaemonProcess second = DaemonProcess.start(conf, dir.resolve("second.log"), port)) {
      await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
        assertThat(objectSize(bucket, s3Key(account, container, big))).as(second.log())
            .isEqualTo((long) SEGMENTS * SEGMENT_BYTES);
        assertThat(uploads(bucket)).as("multipart uploads left").isEmpty();
      });
    }
  }

  /** A name whose row node 1 owns ({@code owned}) or does not own. */
  private String nameOf(String account, String container, boolean owned) throws Exception {
    LocalReplica replica = new ReplicaLocator(fx.saio.swiftDir(), fx.saio.devices(1), fx.saio.bindIp(1),
        fx.saio.containerPort(1)).find(account, container).get(0);
    for (int i = 0; i < 1000; i++) {
      if (RowOwnership.owns("big-" + i, replica.nodeIndex(), replica.nodeCount()) == owned) {
        return "big-" + i;
      }
    }
    throw new AssertionError("no name with owned=" + owned + " for node 1 among 1,000");
  }

  private static List<MultipartUpload> uploads(String bucket) {
    return s3.client().listMultipartUploads(b -> b.bucket(bucket)).uploads();
  }

  private static Long objectSize(String bucket, String key) {
    try {
      return s3.client().headObject(b -> b.bucket(bucket).key(key)).contentLength();
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }
}
