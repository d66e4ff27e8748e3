package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsync.testing.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A status file whose cursor lies beyond the container DB (upstream's legacy shape with a huge
 * row, or a number that does not fit a row) must not make the daemon skip every change: the
 * entry is distrusted, the container rescanned, and every object arrives.
 */
class CorruptCursorIT extends SaioS3TestBase {

  @ParameterizedTest
  @ValueSource(strings = {"{\"last_row\": 1000000000000}", "{\"last_row\": 1e30}", "{\"last_row\": -5}",
      "{\"last_row\": \"12\"}"})
  void aCursorBeyondTheDbIsDistrustedAndTheContainerRescanned(String statusFile) throws Exception {
    String container = unique("cursor");
    String bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
    for (int i = 0; i < 3; i++) {
      swift.put(container, "obj-" + i, ("body " + i).getBytes(StandardCharsets.UTF_8), Map.of());
    }
    Path conf = fx.write("cursor.json", fx.config(1,
        fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET)));
    Path status = dir.resolve("status-1").resolve(fx.saio.account()).resolve(container);
    Files.createDirectories(status.getParent());
    Files.writeString(status, statusFile);

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as(run.err()).isZero();
    for (int i = 0; i < 3; i++) {
      String key = s3Key(fx.saio.account(), container, "obj-" + i);
      assertThat(s3.client().headObject(b -> b.bucket(bucket).key(key)).contentLength()).as(key).isEqualTo(6);
    }
    JsonNode row = SyncFixture.JSON.readTree(
        SyncFixture.cloudsync("status", "--config", conf.toString(), "--json").out()).get(0);
    assertThat(row.get("last_row").asLong()).isEqualTo(row.get("max_row").asLong()).isBetween(3L, 10L);
    assertThat(row.get("rows_behind").asLong()).isZero();
  }
}
