package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code cloudsync sync --once} against the real Swift all-in-one and a real S3 server (S3Proxy),
 * checked through the S3 API the way a user would.
 */
class SyncToS3IT extends SaioS3TestBase {
  String container;
  String bucket;

  @BeforeEach
  void setUp() {
    container = unique("sync-it");
    bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
  }

  private ObjectNode mapping() {
    return fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET);
  }

  private Path config(ObjectNode... mappings) throws Exception {
    return fx.write("sync.json", fx.config(1, mappings));
  }

  private String key(String object) {
    return s3Key(fx.saio.account(), container, object);
  }

  private HeadObjectResponse head(String object) {
    return s3.client().headObject(b -> b.bucket(bucket).key(key(object)));
  }

  @Test
  void keyPrefixMatchesUpstreamVector() {
    assertThat(SyncFixture.prefix("AUTH_test", "archive-s3")).isEqualTo("5dcc3");
    assertThat(SyncFixture.prefix("AUTH_test", "container")).isEqualTo("756085");
  }

  @Test
  void copiesBodiesEtagsMetadataAndContentType() throws Exception {
    byte[] hello = "hello from swift\n".getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("hello.txt");
    java.nio.file.Files.write(file, hello);
    fx.saio.swiftCli("upload", container, file.toString(), "--object-name", "hello.txt",
        "-H", "Content-Type: text/plain", "-H", "X-Object-Meta-Color: blue sky", "-H", "X-Object-Meta-Mood: ünï ☯");
    swift.put(container, "empty", new byte[0], Map.of());
    swift.put(container, "dïr/ünïcode ☃.bin", hello, Map.of());

    SyncFixture.Run run = fx.syncOnce(config(mapping()));
    assertThat(run.exitCode()).as(run.err()).isZero();

    HeadObjectResponse h = head("hello.txt");
    assertThat(h.eTag()).isEqualTo("\"" + md5Hex(hello) + "\"");
    assertThat(h.contentType()).startsWith("text/plain");
    assertThat(lowerKeys(h.metadata())).containsEntry("color", "blue%20sky")
        .containsEntry("mood", "%C3%BCn%C3%AF%20%E2%98%AF");
    ResponseBytes<GetObjectResponse> body = s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key("hello.txt")));
    assertThat(body.asByteArray()).isEqualTo(hello);

    assertThat(head("empty").contentLength()).isZero();
    assertThat(head("empty").eTag()).isEqualTo("\"" + md5Hex(new byte[0]) + "\"");
    assertThat(head("dïr/ünïcode ☃.bin").eTag()).isEqualTo("\"" + md5Hex(hello) + "\"");
  }

  @Test
  void deleteRemovesTheKey() throws Exception {
    swift.put(container, "doomed", "x".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(container, "kept", "y".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = config(mapping());
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    assertThat(head("doomed").eTag()).isNotNull();

    swift.delete(container, "doomed");
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    assertThatThrownBy(() -> head("doomed")).isInstanceOf(NoSuchKeyException.class);
    assertThat(head("kept").eTag()).isNotNull();
  }

  @Test
  void metadataOnlyPostUpdatesS3WithoutSendingTheBodyAgain() throws Exception {
    swift.put(container, "doc", "body".getBytes(StandardCharsets.UTF_8), Map.of("X-Object-Meta-Stage", "draft"));
    Path conf = config(mapping());
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    long puts = s3.requests("PutObject");
    long copies = s3.requests("CopyObject");

    swift.post(container, "doc", Map.of("X-Object-Meta-Stage", "final", "Content-Type", "text/markdown"));
    assertThat(fx.syncOnce(conf).exitCode()).isZero();

    HeadObjectResponse h = head("doc");
    assertThat(lowerKeys(h.metadata())).containsEntry("stage", "final");
    assertThat(h.contentType()).startsWith("text/markdown");
    assertThat(s3.requests("PutObject")).as("no second upload of the body").isEqualTo(puts);
    assertThat(s3.requests("CopyObject")).as("one self-copy").isEqualTo(copies + 1);
  }

  @Test
  void standardHeadersTravelAsS3HeadersAndTheirChangesAsOneSelfCopy() throws Exception {
    swift.put(container, "page.gz", "not really gzip".getBytes(StandardCharsets.UTF_8), Map.of(
        "Content-Type", "text/html", "Content-Encoding", "gzip", "Content-Disposition", "attachment; filename=\"p.html\"",
        "Cache-Control", "max-age=60", "Content-Language", "de",
        "X-Delete-At", String.valueOf(System.currentTimeMillis() / 1000 + 86_400)));
    Path conf = config(mapping());
    assertThat(fx.syncOnce(conf).exitCode()).isZero();

    HeadObjectResponse h = head("page.gz");
    assertThat(h.contentEncoding()).isEqualTo("gzip");
    assertThat(h.contentDisposition()).isEqualTo("attachment; filename=\"p.html\"");
    assertThat(h.cacheControl()).isEqualTo("max-age=60");
    assertThat(h.contentLanguage()).isEqualTo("de");
    assertThat(lowerKeys(h.metadata())).as("X-Delete-At has no S3 counterpart").isEmpty();
    long puts = s3.requests("PutObject");
    long copies = s3.requests("CopyObject");
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    assertThat(s3.requests("PutObject") + s3.requests("CopyObject")).as("an unchanged object is current")
        .isEqualTo(puts + copies);

    swift.post(container, "page.gz", Map.of("Content-Type", "text/html", "Content-Disposition", "inline"));
    assertThat(fx.syncOnce(conf).exitCode()).isZero();

    HeadObjectResponse after = head("page.gz");
    assertThat(after.contentDisposition()).isEqualTo("inline");
    assertThat(after.contentEncoding()).as("a Swift POST drops what it does not repeat").isNull();
    assertThat(s3.requests("PutObject")).as("no second upload of the body").isEqualTo(puts);
    assertThat(s3.requests("CopyObject")).as("one self-copy").isEqualTo(copies + 1);
  }

  @Test
  void restartResumesFromTheCursorWithoutReuploading() throws Exception {
    for (int i = 0; i < 5; i++) {
      swift.put(container, "obj-" + i, ("v" + i).getBytes(StandardCharsets.UTF_8), Map.of());
    }
    Path conf = config(mapping());
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    long puts = s3.requests("PutObject");
    long heads = s3.requests("HeadObject");

    swift.put(container, "obj-new", "new".getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(fx.syncOnce(conf).exitCode()).isZero();

    assertThat(s3.requests("PutObject") - puts).as("only the new object is uploaded").isEqualTo(1);
    assertThat(s3.requests("HeadObject") - heads).as("old rows are not looked at again").isEqualTo(1);
    assertThat(head("obj-new").eTag()).isEqualTo("\"" + md5Hex("new".getBytes(StandardCharsets.UTF_8)) + "\"");
  }

  @Test
  void aThousandObjectContainerEndsComplete() throws Exception {
    Path files = dir.resolve("objs");
    java.nio.file.Files.createDirectories(files);
    for (int i = 0; i < 1000; i++) {
      java.nio.file.Files.writeString(files.resolve(String.format("o%04d", i)), "object " + i);
    }
    io.cloudsync.testing.Shell.run(java.time.Duration.ofMinutes(5),
        Map.of("ST_AUTH", fx.saio.env("ST_AUTH"), "ST_USER", fx.saio.env("ST_USER"), "ST_KEY", fx.saio.env("ST_KEY")),
        "bash", "-c", "cd " + files + " && swift upload --object-threads 16 " + container + " o* > /dev/null");

    SyncFixture.Run run = fx.syncOnce(config(mapping()));
    assertThat(run.exitCode()).as(run.err()).isZero();

    long keys = s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().count();
    assertThat(keys).isEqualTo(1000);
    assertThat(head("o0999").eTag()).isEqualTo("\"" + md5Hex("object 999".getBytes(StandardCharsets.UTF_8)) + "\"");
  }

  @Test
  void statusShowsProgressPerMapping() throws Exception {
    swift.put(container, "a", "a".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = config(mapping());
    assertThat(fx.syncOnce(conf).exitCode()).isZero();

    SyncFixture.Run status = SyncFixture.cloudsync("status", "--config", conf.toString(), "--json");
    assertThat(status.exitCode()).as(status.err()).isZero();
    JsonNode rows = SyncFixture.JSON.readTree(status.out());
    assertThat(rows).hasSize(1);
    JsonNode row = rows.get(0);
    assertThat(row.get("container").asText()).isEqualTo(container);
    assertThat(row.get("last_row").asLong()).isEqualTo(row.get("max_row").asLong()).isPositive();
    assertThat(row.get("rows_behind").asLong()).isZero();
    assertThat(row.get("errors").asLong()).isZero();
  }

  static Map<String, String> lowerKeys(Map<String, String> metadata) {
    Map<String, String> out = new java.util.TreeMap<>();
    metadata.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), v));
    return out;
  }
}
