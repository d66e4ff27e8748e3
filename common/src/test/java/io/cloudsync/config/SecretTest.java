package io.cloudsync.config;

import static io.cloudsync.config.ConfigFixtures.error;
import static io.cloudsync.config.ConfigFixtures.mapping;
import static io.cloudsync.config.ConfigFixtures.oneMapping;
import static io.cloudsync.config.ConfigFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {

  @TempDir
  Path dir;

  @Test
  void literalSecret() throws Exception {
    MappingConfig m = mapping("");
    assertThat(m.awsSecret().reveal()).isEqualTo("s3cr3t-value");
    assertThat(m.awsSecret().origin()).isEqualTo("literal");
    assertThat(m.awsSecret()).hasToString("****");
  }

  @Test
  void secretFromEnvironment() throws Exception {
    MappingConfig m = parse(oneMappingWithSecret("env:CLOUDSYNC_SECRET")).containers().get(0);
    assertThat(m.awsSecret().reveal()).isEqualTo("from-the-environment");
    assertThat(m.awsSecret().origin()).isEqualTo("env:CLOUDSYNC_SECRET");
  }

  @Test
  void missingEnvironmentVariableNamesKeyAndVariable() {
    ConfigException e = error(oneMappingWithSecret("env:NOPE_NOT_SET"),
        "containers[0].aws_secret");
    assertThat(e.problem()).isEqualTo("environment variable NOPE_NOT_SET is not set");
  }

  @Test
  void emptyEnvironmentVariableIsRefused() {
    ConfigException e = error(oneMappingWithSecret("env:EMPTY_VAR"), "containers[0].aws_secret");
    assertThat(e.problem()).contains("EMPTY_VAR is empty");
    assertThat(error(oneMappingWithSecret("env:"), "containers[0].aws_secret").problem())
        .contains("name of an environment variable");
  }

  @Test
  void secretFromFileWithTrailingNewlineStripped() throws Exception {
    Path f = dir.resolve("aws.key");
    Files.writeString(f, "file-secret\r\n\n");
    MappingConfig m = parse(oneMappingWithSecret("file:" + f)).containers().get(0);
    assertThat(m.awsSecret().reveal()).isEqualTo("file-secret");
    assertThat(m.awsSecret().origin()).isEqualTo("file:" + f);
  }

  @Test
  void unreadableSecretFileNamesKeyAndFile() {
    Path f = dir.resolve("missing.key");
    ConfigException e = error(oneMappingWithSecret("file:" + f), "containers[0].aws_secret");
    assertThat(e.problem()).isEqualTo("secret file " + f + " does not exist");
    ConfigException d = error(oneMappingWithSecret("file:" + dir), "containers[0].aws_secret");
    assertThat(d.problem()).contains("is a directory");
    ConfigException rel = error(oneMappingWithSecret("file:relative.key"),
        "containers[0].aws_secret");
    assertThat(rel.problem()).contains("absolute path");
  }

  @Test
  void emptySecretFileIsRefused() throws Exception {
    Path f = dir.resolve("empty.key");
    Files.writeString(f, "\n");
    assertThat(error(oneMappingWithSecret("file:" + f), "containers[0].aws_secret").problem())
        .contains("is empty");
  }

  @Test
  void emptyLiteralIsRefused() {
    assertThat(error(oneMappingWithSecret(""), "containers[0].aws_secret").problem())
        .isEqualTo("must not be empty");
  }

  @Test
  void migrationSecretsResolveToo() throws Exception {
    SyncConfig c = parse(ConfigFixtures.oneMigration("").replace("\"key\"",
        "\"env:CLOUDSYNC_SECRET\""));
    assertThat(c.migrations().get(0).awsSecret().reveal()).isEqualTo("from-the-environment");
  }

  @Test
  void noToStringRevealsASecret() throws Exception {
    Path f = dir.resolve("k");
    Files.writeString(f, "file-secret-xyz");
    String json = "{\"containers\": [{" + ConfigFixtures.MAPPING_REQUIRED + "},"
        + " {\"account\": \"AUTH_a\", \"container\": \"c2\", \"aws_bucket\": \"b2\","
        + " \"aws_identity\": \"i\", \"aws_secret\": \"file:" + f + "\"}],"
        + " \"migrations\": [{\"account\": \"AUTH_a\", \"aws_bucket\": \"m\","
        + " \"aws_identity\": \"i\", \"aws_secret\": \"env:CLOUDSYNC_SECRET\"}],"
        + " \"migrator_settings\": {\"status_file\": \"/s\"}}";
    SyncConfig c = parse(json);
    assertThat(c.toString()).doesNotContain("s3cr3t-value", "file-secret-xyz",
        "from-the-environment").contains("****");
    assertThat(c.containers().get(0).toString()).doesNotContain("s3cr3t-value");
    assertThat(c.migrations().get(0).toString()).doesNotContain("from-the-environment");
  }

  @Test
  void resolveIsUsableDirectly() {
    Map<String, String> env = Map.of("K", "v");
    assertThat(Secret.resolve("env:K", env::get).reveal()).isEqualTo("v");
    assertThat(Secret.resolve("plain", env::get).reveal()).isEqualTo("plain");
    assertThatThrownBy(() -> Secret.resolve("env:X", env::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X");
    assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    assertThat(Secret.of("a").hashCode()).isEqualTo(Secret.of("a").hashCode());
  }

  private static String oneMappingWithSecret(String secret) {
    return oneMapping("").replace("\"s3cr3t-value\"", "\"" + secret + "\"");
  }
}
