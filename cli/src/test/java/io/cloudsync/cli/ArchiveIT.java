package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.local.InternalProxyClient;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.swift.SwiftTimestamp;
import io.cloudsync.testing.EmbeddedS3;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Archive mode ({@code retain_local: false}): copied, verified, then deleted locally with a timestamp that loses to newer writes. */
class ArchiveIT extends SaioS3TestBase {
  String container;
  String bucket;

  @BeforeEach
  void setUp() {
    container = unique("archive");
    bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
  }

  private Path archiveConfig(long copyAfter) throws Exception {
    ObjectNode m = fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET);
    m.put("retain_local", false);
    m.put("propagate_delete", false);
    m.put("copy_after", copyAfter);
    return fx.write("archive.json", fx.config(1, m));
  }

  private String s3Etag(String object) {
    return s3.client().headObject(b -> b.bucket(bucket).key(s3Key(fx.saio.account(), container, object))).eTag();
  }

  private int localStatus(String object) {
    return swift.request("HEAD", container, object, Map.of(), null).statusCode();
  }

  private long localObjectCount() {
    HttpResponse<byte[]> head = swift.request("HEAD", container, null, Map.of(), null);
    return Long.parseLong(head.headers().firstValue("X-Container-Object-Count").orElse("-1"));
  }

  @Test
  void archivedObjectsAreInS3AndGoneLocally() throws Exception {
    byte[] a = "archive me".getBytes(StandardCharsets.UTF_8);
    swift.put(container, "a", a, Map.of("X-Object-Meta-Kind", "old"));
    swift.put(container, "ünï b", new byte[0], Map.of());

    SyncFixture.Run run = fx.syncOnce(archiveConfig(0));
    assertThat(run.exitCode()).as(run.err()).isZero();

    assertThat(s3Etag("a")).isEqualTo("\"" + md5Hex(a) + "\"");
    assertThat(s3Etag("ünï b")).isEqualTo("\"" + md5Hex(new byte[0]) + "\"");
    assertThat(localStatus("a")).isEqualTo(404);
    assertThat(localStatus("ünï b")).isEqualTo(404);
    assertThat(localObjectCount()).isZero();

    // the local tombstones must not delete the archive copies on the next pass
    assertThat(fx.syncOnce(archiveConfig(0)).exitCode()).isZero();
    assertThat(s3Etag("a")).isEqualTo("\"" + md5Hex(a) + "\"");
  }

  @Test
  void aYoungRowWaitsForCopyAfterWithoutHoldingBackOlderRowsOfTheSameChunk() throws Exception {
    swift.put(container, "old", "old".getBytes(StandardCharsets.UTF_8), Map.of());
    Thread.sleep(4_000);
    swift.put(container, "young", "young".getBytes(StandardCharsets.UTF_8), Map.of());
    // a row carrying an older preserved timestamp (a migration does this): the public proxy drops
    // client X-Timestamp, the internal proxy keeps it
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    HttpResponse<String> put = http.send(java.net.http.HttpRequest.newBuilder(URI.create(
            fx.saio.internalProxyUrl() + "/v1/" + fx.saio.account() + "/" + container + "/old-2"))
        .header("X-Timestamp", SwiftTimestamp.ofInstant(java.time.Instant.now().minusSeconds(60)).normal())
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(201);
    Path conf = archiveConfig(3);

    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    assertThat(localStatus("old")).as("old enough: archived").isEqualTo(404);
    assertThat(localStatus("old-2")).as("a row after the young one, with an older timestamp").isEqualTo(404);
    assertThat(localStatus("young")).as("younger than copy_after: still local").isEqualTo(200);
    JsonNode row = SyncFixture.JSON.readTree(
        SyncFixture.cloudsync("status", "--config", conf.toString(), "--json").out()).get(0);
    assertThat(row.get("deferred_rows").asLong()).isEqualTo(1);
    assertThat(row.get("last_row").asLong()).as("the young row does not hold the cursor")
        .isEqualTo(row.get("max_row").asLong());

    Thread.sleep(3_500);
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    assertThat(localStatus("young")).isEqualTo(404);
    assertThat(s3Etag("young")).isEqualTo("\"" + md5Hex("young".getBytes(StandardCharsets.UTF_8)) + "\"");
  }

  @Test
  void anArchiveDeleteLosesToANewerWrite() throws Exception {
    SwiftTimestamp first = SwiftTimestamp.ofInstant(java.time.Instant.now().minusSeconds(10));
    swift.put(container, "o", "v1".getBytes(StandardCharsets.UTF_8), Map.of());
    try (InternalProxyClient local = new InternalProxyClient(URI.create(fx.saio.internalProxyUrl()), 2)) {
      SwiftPath path = new SwiftPath(fx.saio.account(), container, "o");
      assertThat(local.delete(path, first.withOffsetPlus(1)))
          .isEqualTo(InternalProxyClient.DeleteOutcome.NEWER_EXISTS);
      assertThat(localStatus("o")).isEqualTo(200);
    }
  }
}
