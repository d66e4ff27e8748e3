package io.cloudsync.config;

import static io.cloudsync.config.ConfigFixtures.error;
import static io.cloudsync.config.ConfigFixtures.oneMapping;
import static io.cloudsync.config.ConfigFixtures.oneMigration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error names the file and the JSON path of the key, and says what is wrong. */
class ErrorMessagesTest {

  static Stream<Arguments> errors() {
    return Stream.of(
        // unknown keys
        arguments(oneMapping("\"aws_bukcet\": \"x\""), "containers[0].aws_bukcet",
            "unknown key; did you mean \"aws_bucket\"?"),
        arguments("{\"pol_interval\": 5}", "pol_interval",
            "did you mean \"poll_interval\"?"),
        arguments("{\"migrator_settings\": {\"status_file\": \"/s\", \"status_fle\": 2}}",
            "migrator_settings.status_fle", "did you mean \"status_file\"?"),
        arguments("{\"frobnicate\": 1}", "frobnicate",
            "unknown key; valid keys in the top level are: "),
        arguments("{\"aws_bucket\": \"b\"}", "aws_bucket",
            "belongs in containers[] entries or migrations[] entries"),
        arguments("{\"status_file\": \"/s\"}", "status_file",
            "belongs in migrator_settings"),
        arguments(oneMapping("\"remote_delete\": true"), "containers[0].remote_delete",
            "propagate_delete"),
        arguments(oneMapping("\"selection_criteria\": {}"),
            "containers[0].selection_criteria", "1space option"),
        arguments(oneMapping("\"tenant_name\": \"t\""), "containers[0].tenant_name",
            "Keystone v2"),
        // wrong types
        arguments("{\"poll_interval\": \"ten\"}", "poll_interval",
            "must be a number of seconds, got \"ten\""),
        arguments("{\"verification_slack\": true}", "verification_slack",
            "must be a number of minutes, got true"),
        arguments(oneMapping("\"copy_after\": \"ten\""), "containers[0].copy_after",
            "must be a number of seconds, got \"ten\""),
        arguments(oneMapping("\"retain_local\": \"false\""), "containers[0].retain_local",
            "must be true or false, got \"false\""),
        arguments(oneMapping("\"encryption\": 1"), "containers[0].encryption",
            "must be true or false, got 1"),
        arguments("{\"workers\": 2.5}", "workers", "must be a whole number, got 2.5"),
        arguments("{\"containers\": {}}", "containers", "must be a list ([...]), got an object"),
        arguments("{\"containers\": [\"photos\"]}", "containers[0]",
            "must be an object ({...}), got \"photos\""),
        arguments("{\"devices\": 7}", "devices", "must be a string, got 7"),
        arguments("{\"log_file\": [\"a\"]}", "log_file", "must be a string, got a list"),
        arguments("{\"migrator_settings\": []}", "migrator_settings",
            "must be an object ({...}), got a list"),
        // missing required keys
        arguments("{\"containers\": [{\"container\": \"c\", \"aws_bucket\": \"b\","
            + " \"aws_identity\": \"i\", \"aws_secret\": \"s\"}]}",
            "containers[0].account", "missing required key"),
        arguments("{\"containers\": [{\"account\": \"AUTH_a\", \"aws_bucket\": \"b\","
            + " \"aws_identity\": \"i\", \"aws_secret\": \"s\"}]}",
            "containers[0].container", "missing required key"),
        arguments("{\"containers\": [{\"account\": \"AUTH_a\", \"container\": \"c\","
            + " \"aws_identity\": \"i\", \"aws_secret\": \"s\"}]}",
            "containers[0].aws_bucket", "missing required key"),
        arguments("{\"containers\": [{\"account\": \"AUTH_a\", \"container\": \"c\","
            + " \"aws_bucket\": \"b\", \"aws_secret\": \"s\"}]}",
            "containers[0].aws_identity", "missing required key"),
        arguments("{\"containers\": [{\"account\": \"AUTH_a\", \"container\": \"c\","
            + " \"aws_bucket\": \"b\", \"aws_identity\": \"i\"}]}",
            "containers[0].aws_secret", "missing required key"),
        arguments("{\"containers\": [{\"account\": null, \"container\": \"c\","
            + " \"aws_bucket\": \"b\", \"aws_identity\": \"i\", \"aws_secret\": \"s\"}]}",
            "containers[0].account", "must not be null"),
        arguments("{\"workers\": 1073741824}", "workers", "must be between 1 and 4096, got 1073741824"),
        arguments("{\"enumerator_workers\": 100000}", "enumerator_workers", "must be between 1 and 4096"),
        arguments("{\"containers\": [{\"account\": \"AUTH_a\", \"container\": \"c\\u0000d\","
            + " \"aws_bucket\": \"b\", \"aws_identity\": \"i\", \"aws_secret\": \"s\"}]}",
            "containers[0].container", "must not contain control characters"),
        arguments("{\"containers\": [{\"account\": \"AUTH_a\", \"container\": \"c\","
            + " \"aws_bucket\": \"b\\nx\", \"aws_identity\": \"i\", \"aws_secret\": \"s\"}]}",
            "containers[0].aws_bucket", "must not contain control characters"),
        arguments("{\"containers\": [{\"account\": \"AUTH_a\", \"container\": \"c\","
            + " \"aws_bucket\": \"b\", \"aws_endpoint\": \"http://127.0.0.1:99999\","
            + " \"aws_identity\": \"i\", \"aws_secret\": \"s\"}]}",
            "containers[0].aws_endpoint", "has port 99999"),
        arguments(oneMapping("\"protocol\": \"swift\""), "containers[0].aws_endpoint",
            "missing required key (the remote Swift auth URL"),
        arguments("{\"migrator_settings\": {\"items_chunk\": 10}}",
            "migrator_settings.status_file", "missing required key"),
        arguments("{\"migrations\": [{\"account\": \"AUTH_a\", \"aws_identity\": \"i\","
            + " \"aws_secret\": \"s\"}]}", "migrations[0].aws_bucket",
            "missing required key"),
        arguments(oneMapping("\"protocol\": \"swift\", \"aws_endpoint\": \"http://k:5000/v3\","
            + " \"auth_version\": 3, \"project_name\": \"p\","
            + " \"user_domain_name\": \"Default\""),
            "containers[0].project_domain_name", "required for Keystone v3"),
        // invalid values
        arguments(oneMapping("\"aws_endpoint\": \"ftp://example.com\""),
            "containers[0].aws_endpoint", "must be an http:// or https:// URL"),
        arguments(oneMapping("\"aws_endpoint\": \"http://exa mple.com\""),
            "containers[0].aws_endpoint", "is not a valid URL"),
        arguments(oneMapping("\"aws_endpoint\": \"s3.example.com\""),
            "containers[0].aws_endpoint", "must be an http:// or https:// URL"),
        arguments(oneMapping("\"copy_after\": -1"), "containers[0].copy_after",
            "must not be negative, got -1"),
        arguments("{\"workers\": 0}", "workers", "must be between 1 and 4096, got 0"),
        arguments("{\"poll_interval\": -1}", "poll_interval", "must not be less than 0"),
        arguments("{\"swift_bind_port\": 70000}", "swift_bind_port",
            "must be between 1 and 65535, got 70000"),
        arguments("{\"metrics_bind\": \"127.0.0.1:99999\"}", "metrics_bind",
            "port must be a number from 0 to 65535"),
        arguments("{\"metrics_bind\": \"9811\"}", "metrics_bind", "must be HOST:PORT"),
        arguments(oneMapping("\"protocol\": \"azure\""), "containers[0].protocol",
            "unknown protocol \"azure\"; expected \"s3\", \"swift\" or \"gcs\""),
        arguments(oneMigration("\"protocol\": \"gcs\""), "migrations[0].protocol",
            "migrations support \"s3\" and \"swift\""),
        arguments(oneMapping("\"listing_duplicates\": \"twice\""),
            "containers[0].listing_duplicates", "must be \"once\" or \"upstream\""),
        arguments("{\"log_level\": \"verbose\"}", "log_level",
            "must be one of debug, info, warning, error; got \"verbose\""),
        arguments("{\"containers\": [{\"account\": \"AUTH_a\", \"container\": \"a/b\","
            + " \"aws_bucket\": \"b\", \"aws_identity\": \"i\", \"aws_secret\": \"s\"}]}",
            "containers[0].container", "cannot contain '/'"),
        arguments(oneMapping("\"auth_version\": 2, \"protocol\": \"swift\","
            + " \"aws_endpoint\": \"http://k/v2.0\""),
            "containers[0].auth_version", "Keystone v2 is not supported"),
        arguments(oneMapping("\"auth_version\": 3"), "containers[0].auth_version",
            "only applies to protocol \"swift\""),
        arguments(oneMapping("\"auth_type\": \"keystone_v2\""), "containers[0].auth_type",
            "Keystone v2 is not supported"),
        arguments(oneMapping("\"project_name\": \"p\""), "containers[0].project_name",
            "only used with Keystone v3"),
        arguments("{\"bulk_process\": true}", "bulk_process",
            "swift-s3-sync never supported bulk processing"),
        arguments("{\"internal_proxy_url\": \"http://10.1.2.3:8081\"}",
            "internal_proxy_url", "is not a loopback address"),
        arguments("{\"internal_proxy_url\": \"http://proxy.example.com:8081\"}",
            "internal_proxy_url", "allow_remote_internal_proxy"),
        arguments("{\"internal_proxy_url\": \"unix:/run/proxy.sock\"}",
            "internal_proxy_url", "must be an http:// or https:// URL"),
        arguments("{\"http_proxy\": \"socks5://p:1080\"}", "http_proxy",
            "must be an http:// or https:// proxy URL"),
        arguments("{\"migrator_settings\": {\"status_file\": \"/s\", \"process\": 2,"
            + " \"processes\": 2}}", "migrator_settings.process",
            "must be less than \"processes\" (2)"),
        arguments("{\"migrator_settings\": {\"status_file\": \"/s\"},"
            + " \"migrator_config\": {\"status_file\": \"/s\"}}", "migrator_config",
            "keep just \"migrator_settings\""),
        arguments(oneMapping("\"aws_secret\": 42").replace("\"aws_secret\": \"s3cr3t-value\", ", ""),
            "containers[0].aws_secret", "must be a string, got a number"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("errors")
  void errorNamesFileKeyAndProblem(String json, String keyPath, String problem) {
    ConfigException e = error(json, keyPath);
    assertThat(e.problem()).contains(problem);
    assertThat(e.getMessage()).contains(problem);
  }

  @Test
  void unknownKeyReportsLineAndColumn() {
    String json = "{\n  \"containers\": [\n    {\n      \"account\": \"AUTH_a\",\n"
        + "      \"aws_bukcet\": \"b\"\n    }\n  ]\n}\n";
    ConfigException e = error(json, "containers[0].aws_bukcet");
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.column()).isEqualTo(7);
    assertThat(e.getMessage()).isEqualTo(ConfigFixtures.SOURCE
        + ": containers[0].aws_bukcet: unknown key; did you mean \"aws_bucket\"?"
        + " (line 5, column 7)");
  }

  @Test
  void thirdMappingIsNamedByIndex() {
    String m = "{" + ConfigFixtures.MAPPING_REQUIRED;
    String json = "{\"containers\": [" + m + "}, " + m.replace("photos", "p2") + "}, "
        + m.replace("photos", "p3") + ", \"aws_bukcet\": \"x\"}]}";
    error(json, "containers[2].aws_bukcet");
  }

  @Test
  void archiveThatDeletesItsOwnCopyIsRefused() {
    ConfigException e = error(oneMapping("\"retain_local\": false"),
        "containers[0].retain_local");
    assertThat(e.problem()).contains("propagate_delete", "(its default)",
        "deleting the archive copy", "\"propagate_delete\": false",
        "\"retain_local\": true");
    ConfigException explicit = error(
        oneMapping("\"retain_local\": false, \"propagate_delete\": true"),
        "containers[0].retain_local");
    assertThat(explicit.problem()).doesNotContain("(its default)");
  }

  @Test
  void duplicateMappingIsRefused() {
    String m = "{" + ConfigFixtures.MAPPING_REQUIRED + "}";
    ConfigException e = error("{\"containers\": [" + m + ", " + m + "]}", "containers[1]");
    assertThat(e.problem()).contains("duplicates containers[0]");
  }

  @Test
  void invalidJsonHasLineAndColumn() {
    ConfigException e = error("{\n  \"workers\": 10,\n  \"devices\": \"/srv/node\",,\n}", "");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.column()).isPositive();
    assertThat(e.getMessage()).startsWith(ConfigFixtures.SOURCE + ": invalid JSON: ")
        .contains("(line 3, column ");
  }

  @Test
  void trailingCommaIsInvalidJsonAsInPython() {
    ConfigException e = error("{\"workers\": 10,}", "");
    assertThat(e.problem()).startsWith("invalid JSON");
    assertThat(e.line()).isEqualTo(1);
  }

  @Test
  void nonObjectDocumentIsRefused() {
    assertThat(error("[]", "").problem()).contains("must contain a JSON object");
    assertThat(error("", "").problem()).contains("empty file");
    assertThat(error("{} {}", "").problem()).contains("after the end");
  }

  @Test
  void secretValueNeverAppearsInTypeErrors() {
    String json = "{\"containers\": [{\"account\": \"AUTH_a\", \"container\": \"c\","
        + " \"aws_bucket\": \"b\", \"aws_identity\": \"i\","
        + " \"aws_secret\": [\"hunter2\"]}]}";
    ConfigException e = error(json, "containers[0].aws_secret");
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void proxyCredentialsAreMaskedInErrors() {
    ConfigException e = error("{\"https_proxy\": \"ftp://user:pw@proxy:21\"}", "https_proxy");
    assertThat(e.getMessage()).doesNotContain("pw").contains("****@proxy");
  }
}
