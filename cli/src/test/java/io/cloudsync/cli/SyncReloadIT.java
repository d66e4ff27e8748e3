package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.ProjectLayout;
import io.cloudsync.testing.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * SIGHUP re-reads {@code sync.json} in a running daemon (SPEC §8, issue 17 item 4), driven as
 * systemd's {@code ExecReload} does: {@code bin/cloudsync sync} as a child process, a new file, then
 * {@code kill -HUP}. A mapping added to the file starts syncing; a removed one stops; a broken file
 * is refused and the old mappings keep syncing new writes; the daemon then stops cleanly on SIGTERM.
 */
class SyncReloadIT extends SaioS3TestBase {
  String first;
  String second;
  String bucket;
  Process daemon;

  @BeforeEach
  void setUp() {
    first = unique("opsb-reload-a");
    second = unique("opsb-reload-b");
    bucket = unique("bucket");
    swift.createContainer(first);
    swift.createContainer(second);
    s3.createBucket(bucket);
  }

  @AfterEach
  void stopDaemon() throws Exception {
    if (daemon != null && daemon.isAlive()) {
      daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private ObjectNode mapping(String container) {
    ObjectNode m = fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET);
    m.put("copy_after", 0);
    return m;
  }

  private ObjectNode config(ObjectNode... mappings) {
    ObjectNode c = fx.config(1, mappings);
    c.put("metrics_bind", "127.0.0.1:0");
    return c;
  }

  private boolean remote(String container, String object) {
    String key = SyncFixture.s3Key(fx.saio.account(), container, object);
    return s3.client().listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key)
        .anyMatch(key::equals);
  }

  private void put(String container, String object) {
    swift.put(container, object, (container + "/" + object).getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private void hangUp() {
    Shell.run(Duration.ofSeconds(30), Map.of(), "kill", "-HUP", String.valueOf(daemon.pid()));
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("daemon.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitRemote(String container, String object) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(remote(container, object)).as(container + "/" + object + "\n" + log())
            .isTrue());
  }

  @Test
  void theSystemdUnitReloadsWithSighup() throws IOException {
    assertThat(Files.readAllLines(ProjectLayout.root().resolve("conf/cloudsync-sync.service")))
        .contains("ExecReload=/bin/kill -HUP $MAINPID");
  }

  @Test
  void sighupStartsAddedMappingsStopsRemovedOnesAndKeepsTheOldConfigWhenTheNewFileIsBroken() throws Exception {
    Path conf = fx.write("sync.json", config(mapping(first)));
    put(first, "before-reload");
    put(second, "waits-for-its-mapping");
    Path bin = ProjectLayout.root().resolve("bin/cloudsync");
    ProcessBuilder pb = new ProcessBuilder(bin.toString(), "sync", "--config", conf.toString(), "--console")
        .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
    pb.environment().put("JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1");
    daemon = pb.start();
    awaitRemote(first, "before-reload");
    assertThat(remote(second, "waits-for-its-mapping")).as("not mapped yet").isFalse();

    // Add the second container's mapping.
    fx.write("sync.json", config(mapping(first), mapping(second)));
    hangUp();
    awaitRemote(second, "waits-for-its-mapping");
    assertThat(log()).contains("cloudsync sync started: 2 mappings");
    put(first, "after-reload");
    awaitRemote(first, "after-reload");

    // A broken file: refused, the running configuration (both mappings) goes on.
    Files.writeString(conf, "{\"containers\": [ {\"account\": ", StandardCharsets.UTF_8);
    hangUp();
    await().atMost(Duration.ofSeconds(60)).until(() -> log().contains("not reloading"));
    put(second, "after-broken-file");
    put(first, "after-broken-file");
    awaitRemote(second, "after-broken-file");
    awaitRemote(first, "after-broken-file");
    assertThat(daemon.isAlive()).isTrue();

    // Remove the first mapping: its new writes stay local, the second's still arrive.
    fx.write("sync.json", config(mapping(second)));
    hangUp();
    // The daemon of the new file is running (the first, the added mapping's, and this one).
    await().atMost(Duration.ofSeconds(60)).until(() -> log().split("cloudsync sync started").length > 3);
    put(first, "after-removal");
    put(second, "after-removal");
    awaitRemote(second, "after-removal");
    // The second container's write arrived after the first's was made: one more poll for good measure.
    Thread.sleep(3000);
    assertThat(remote(first, "after-removal")).as("a removed mapping does not sync\n" + log()).isFalse();

    daemon.destroy(); // SIGTERM: in-flight transfers finish, exit 0
    assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).as(log()).isZero();
    List<String> refused = log().lines().filter(l -> l.contains("not reloading")).toList();
    assertThat(refused).hasSize(1);
    assertThat(refused.get(0)).contains(conf.toString());
  }
}
