package io.cloudsync.config;

import static io.cloudsync.config.ConfigFixtures.SOURCE;
import static io.cloudsync.config.ConfigFixtures.oneMapping;
import static io.cloudsync.config.ConfigFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Problems that do not stop loading are reported, naming file and key. */
class WarningsTest {

  @Test
  void duplicateKeyKeepsLastValueAndWarns() throws Exception {
    SyncConfig c = parse("{\"workers\": 4,\n \"workers\": 8}");
    assertThat(c.workers()).isEqualTo(8);
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w)
        .startsWith(SOURCE + ": workers: duplicate key at line 2"));
  }

  @Test
  void internalClientKeysAreIgnoredWithExplanation() throws Exception {
    SyncConfig c = parse("{\"internal_client_path\": \"/etc/swift/ic.conf\"}");
    assertThat(c.warnings()).contains(SOURCE + ": internal_client_path: ignored: cloudsync"
        + " reads objects through internal_proxy_url; add encryption filters to the"
        + " internal proxy pipeline");
  }

  @Test
  void restoreWithoutShuntHasNoEffect() throws Exception {
    SyncConfig c = parse(oneMapping("\"restore_object\": true"));
    assertThat(c.warnings()).singleElement().asString()
        .startsWith(SOURCE + ": containers[0].restore_object: has no effect");
  }

  @Test
  void remoteAccountIgnoredForS3() throws Exception {
    SyncConfig c = parse(oneMapping("\"remote_account\": \"AUTH_x\""));
    assertThat(c.containers().get(0).remoteAccount()).isNull();
    assertThat(c.warnings()).singleElement().asString().contains("containers[0].remote_account");
  }

  @Test
  void consoleAndOneSpaceObservabilityKeysAreIgnored() throws Exception {
    SyncConfig c = parse("{\"console\": true, \"statsd_host\": \"localhost\","
        + " \"statsd_port\": 8125, \"syslog\": {\"host\": \"localhost\"},"
        + " \"containers\": [{" + ConfigFixtures.MAPPING_REQUIRED + "}]}");
    assertThat(c.warnings()).hasSize(4);
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("console: ignored"));
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("syslog: ignored"));
  }

  @Test
  void perAccountCustomPrefixWarnsAboutCollisions() throws Exception {
    SyncConfig c = parse(oneMapping("\"custom_prefix\": \"backup/\"")
        .replace("\"photos\"", "\"/*\""));
    assertThat(c.containers().get(0).customPrefix()).isEqualTo("backup");
    assertThat(c.warnings()).singleElement().asString().contains("overwrite each other");
  }

  @Test
  void migrationsWithoutSettingsWarn() throws Exception {
    SyncConfig c = parse("{\"migrations\": [{\"account\": \"AUTH_a\", \"aws_bucket\": \"b\","
        + " \"aws_identity\": \"i\", \"aws_secret\": \"s\"}]}");
    assertThat(c.migratorSettings()).isNull();
    assertThat(c.warnings()).singleElement().asString().contains("migrator_settings");
  }

  @Test
  void allBucketsMigrationIgnoresContainer() throws Exception {
    SyncConfig c = parse(ConfigFixtures.oneMigration("\"container\": \"x\"")
        .replace("\"src\"", "\"/*\""));
    assertThat(c.migrations().get(0).allBuckets()).isTrue();
    assertThat(c.warnings()).singleElement().asString().contains("migrations[0].container");
  }

  @Test
  void remoteInternalProxyAllowedExplicitly() throws Exception {
    SyncConfig c = parse("{\"internal_proxy_url\": \"http://10.0.0.9:8081\","
        + " \"allow_remote_internal_proxy\": true}");
    assertThat(c.internalProxyUrl()).isEqualTo(URI.create("http://10.0.0.9:8081"));
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("internal_proxy_url"));
  }

  @Test
  void loopbackRecognition() {
    assertThat(ConfigLoader.isLoopback("127.0.0.1")).isTrue();
    assertThat(ConfigLoader.isLoopback("127.1.2.3")).isTrue();
    assertThat(ConfigLoader.isLoopback("localhost")).isTrue();
    assertThat(ConfigLoader.isLoopback("[::1]")).isTrue();
    assertThat(ConfigLoader.isLoopback("127.0.0.256")).isFalse();
    assertThat(ConfigLoader.isLoopback("128.0.0.1")).isFalse();
    assertThat(ConfigLoader.isLoopback("localhost.example.com")).isFalse();
  }
}
