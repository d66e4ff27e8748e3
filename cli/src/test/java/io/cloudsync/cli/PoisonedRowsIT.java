package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.prefix;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsync.testing.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects any user of a synced container can write must not stop its replication nor reach
 * another container's keys: names with dot segments (S3Proxy resolves them), a name S3Proxy refuses
 * with 403, and an object with Swift's maximum of 90 metadata items, written before good objects.
 */
class PoisonedRowsIT extends SaioS3TestBase {

  @Test
  void poisonedObjectsAreRowFailuresAndEveryOtherObjectSyncs() throws Exception {
    String container = unique("poison");
    String victimContainer = unique("victim");
    String bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
    String account = fx.saio.account();
    String victimKey = s3Key(account, victimContainer, "o");
    s3.client().putObject(b -> b.bucket(bucket).key(victimKey), RequestBody.fromString("precious"));

    List<String> dotNames = List.of("../../../" + prefix(account, victimContainer) + "/" + account + "/"
        + victimContainer + "/o", "./c", "d/./e", ".", "x/..");
    for (String name : dotNames) {
      swift.put(container, name, "attack".getBytes(StandardCharsets.UTF_8), Map.of());
    }
    swift.put(container, "//refused-by-s3proxy", "403".getBytes(StandardCharsets.UTF_8), Map.of());
    // Short names and values: this SAIO keeps metadata in ext4 xattrs, which hold ~4 KiB per object.
    Map<String, String> ninety = new LinkedHashMap<>();
    for (int i = 10; i < 100; i++) {
      ninety.put("X-Object-Meta-" + i, "x");
    }
    swift.put(container, "ninety-metadata-items", "meta".getBytes(StandardCharsets.UTF_8), ninety);
    List<String> good = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      good.add("good-" + i);
      swift.put(container, "good-" + i, ("good " + i).getBytes(StandardCharsets.UTF_8), Map.of());
    }
    Path conf = fx.write("poison.json", fx.config(1,
        fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET)));

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as("a row awaits its retry (sync --once exits 1 for that)").isEqualTo(1);
    for (String name : good) {
      assertThat(s3.client().headObject(b -> b.bucket(bucket).key(s3Key(account, container, name))).eTag())
          .as(name).isEqualTo("\"" + md5Hex(name.replace('-', ' ').getBytes(StandardCharsets.UTF_8)) + "\"");
    }
    HeadObjectResponse meta = s3.client().headObject(b -> b.bucket(bucket)
        .key(s3Key(account, container, "ninety-metadata-items")));
    assertThat(meta.metadata()).hasSize(90).containsEntry("99", "x");

    List<String> keys = s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key).toList();
    assertThat(keys).as("every key inside the container's prefix, the victim untouched")
        .allMatch(k -> k.equals(victimKey) || k.startsWith(s3Key(account, container, "")))
        .hasSize(1 + 1 + good.size());
    assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(victimKey)).asUtf8String())
        .isEqualTo("precious");

    JsonNode row = SyncFixture.JSON.readTree(
        SyncFixture.cloudsync("status", "--config", conf.toString(), "--json").out()).get(0);
    assertThat(row.get("unsyncable").asLong()).as("dot-segment names").isEqualTo(dotNames.size());
    assertThat(row.get("errors").asLong()).as("the refused key awaits a retry").isEqualTo(1);
    assertThat(row.get("last_row").asLong()).as("the cursor passed every row")
        .isEqualTo(row.get("max_row").asLong()).isPositive();
    assertThat(row.get("rows_behind").asLong()).as("only the row awaiting its retry").isEqualTo(1);
  }
}
