package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code dry_run} plans and reports every operation and performs none: no object copied or
 * deleted, no cursor moved, no status written, so turning it off later syncs everything it planned.
 */
class DryRunIT extends SaioS3TestBase {

  @Test
  void aDryRunChangesNothingAndTheRealRunAfterItSyncsEverything() throws Exception {
    String container = unique("dry");
    String bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
    String account = fx.saio.account();
    String staleKey = s3Key(account, container, "deleted-locally");
    s3.client().putObject(b -> b.bucket(bucket).key(staleKey), RequestBody.fromString("old"));
    swift.put(container, "deleted-locally", "old".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.delete(container, "deleted-locally");
    for (int i = 0; i < 3; i++) {
      swift.put(container, "obj-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8), Map.of());
    }
    ObjectNode config = fx.config(1,
        fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET));
    config.put("dry_run", true);
    Path dry = fx.write("dry.json", config);

    SyncFixture.Run run = fx.syncOnce(dry);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("would copy 3 objects (18 bytes)").contains("delete 1 remote copies");
    assertThat(keys(bucket)).containsExactly(staleKey);
    Path statusDir = dir.resolve("status-1");
    assertThat(!Files.exists(statusDir.resolve(account).resolve(container))).as("no status written").isTrue();

    config.put("dry_run", false);
    SyncFixture.Run real = fx.syncOnce(fx.write("real.json", config));

    assertThat(real.exitCode()).as(real.err()).isZero();
    assertThat(real.out()).doesNotContain("would copy");
    assertThat(keys(bucket)).containsExactlyInAnyOrder(s3Key(account, container, "obj-0"),
        s3Key(account, container, "obj-1"), s3Key(account, container, "obj-2"));
    assertThat(s3.client().headObject(b -> b.bucket(bucket).key(s3Key(account, container, "obj-2"))).eTag())
        .isEqualTo("\"" + md5Hex("body-2".getBytes(StandardCharsets.UTF_8)) + "\"");
  }

  private List<String> keys(String bucket) {
    return s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .map(S3Object::key).toList();
  }
}
