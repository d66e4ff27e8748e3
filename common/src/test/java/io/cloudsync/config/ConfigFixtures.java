package io.cloudsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Helpers shared by the config tests. */
final class ConfigFixtures {

  static final String SOURCE = "/etc/swift-s3-sync/sync.json";

  /** The required keys of one S3 mapping. */
  static final String MAPPING_REQUIRED = "\"account\": \"AUTH_test\", \"container\": \"photos\","
      + " \"aws_bucket\": \"bucket\", \"aws_identity\": \"AKIDEXAMPLE\","
      + " \"aws_secret\": \"s3cr3t-value\"";

  static final Map<String, String> ENV = Map.of(
      "CLOUDSYNC_SECRET", "from-the-environment",
      "EMPTY_VAR", "");

  private ConfigFixtures() {
  }

  static ConfigLoader loader() {
    return new ConfigLoader(ENV::get);
  }

  static SyncConfig parse(String json) throws ConfigException {
    return loader().parse(json, SOURCE);
  }

  /** A config with one mapping made of the required keys plus {@code extra}. */
  static String oneMapping(String extra) {
    return "{\"containers\": [{" + MAPPING_REQUIRED + (extra.isEmpty() ? "" : ", " + extra)
        + "}]}";
  }

  static MappingConfig mapping(String extra) throws ConfigException {
    return parse(oneMapping(extra)).containers().get(0);
  }

  /** A config with one migration (required keys plus {@code extra}) and migrator settings. */
  static String oneMigration(String extra) {
    return "{\"migrations\": [{\"account\": \"AUTH_test\", \"aws_bucket\": \"src\","
        + " \"aws_identity\": \"id\", \"aws_secret\": \"key\""
        + (extra.isEmpty() ? "" : ", " + extra) + "}],"
        + " \"migrator_settings\": {\"status_file\": \"/var/lib/m.status\"}}";
  }

  /** Parses {@code json}, which must fail, and checks the message names file and key. */
  static ConfigException error(String json, String keyPath) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(json));
    assertThat(e).as("expected a ConfigException for %s", json).isNotNull();
    assertThat(e.getMessage()).startsWith(SOURCE + ": " + (keyPath.isEmpty() ? "" : keyPath + ": "));
    assertThat(e.keyPath()).isEqualTo(keyPath);
    assertThat(e.source()).isEqualTo(SOURCE);
    return e;
  }

  static String resource(String name) {
    try (InputStream in = ConfigFixtures.class.getResourceAsStream("/config/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
