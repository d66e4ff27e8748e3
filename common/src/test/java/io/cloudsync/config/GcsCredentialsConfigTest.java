package io.cloudsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gcs_credentials}: a service-account key by path, {@code file:} or {@code env:} (its JSON,
 * or a path to it), read and checked at load time; refused with its key name when it is not a
 * service-account key, and refused on other protocols, as {@code aws_identity}/{@code aws_secret}
 * are on protocol gcs.
 */
class GcsCredentialsConfigTest {
  private static final String KEY = "{\"type\": \"service_account\", \"client_email\": \"sa@p.iam.gserviceaccount.com\","
      + " \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\","
      + " \"token_uri\": \"https://oauth2.googleapis.com/token\"}";

  @TempDir
  Path dir;

  private static String gcs(String extra) {
    return "{\"containers\": [{\"account\": \"AUTH_a\", \"container\": \"c\", \"aws_bucket\": \"b\","
        + " \"protocol\": \"gcs\"" + (extra.isEmpty() ? "" : ", " + extra) + "}]}";
  }

  private MappingConfig parse(String json, Map<String, String> env) throws ConfigException {
    return new ConfigLoader(env::get).parse(json, ConfigFixtures.SOURCE).containers().get(0);
  }

  @Test
  void aKeyFileByPathFileOrEnvironmentBecomesTheSecretAndItsEmailTheIdentity() throws Exception {
    Path key = Files.writeString(dir.resolve("sa.json"), KEY);
    for (String spec : new String[] {key.toString(), "file:" + key, "env:SA_JSON", "env:SA_PATH"}) {
      MappingConfig m = parse(gcs("\"gcs_credentials\": \"" + spec + "\""),
          Map.of("SA_JSON", KEY, "SA_PATH", key.toString()));
      assertThat(m.awsSecret().reveal()).as(spec).isEqualTo(KEY);
      assertThat(m.awsSecret().toString()).isEqualTo("****");
      assertThat(m.awsIdentity()).isEqualTo("sa@p.iam.gserviceaccount.com");
    }
  }

  @Test
  void withoutCredentialsApplicationDefaultCredentialsAreUsed() throws Exception {
    MappingConfig m = parse(gcs(""), Map.of());
    assertThat(m.awsSecret()).isNull();
    assertThat(io.cloudsync.store.RemoteTarget.of(m, 1).secret().reveal()).isEmpty();
  }

  @Test
  void whatIsNoServiceAccountKeyIsRefusedWithoutShowingIt() throws Exception {
    Path notJson = Files.writeString(dir.resolve("not.json"), "secret-ish text");
    Path user = Files.writeString(dir.resolve("user.json"), "{\"type\": \"authorized_user\"}");
    Path noEmail = Files.writeString(dir.resolve("noemail.json"), KEY.replace("client_email", "x"));
    assertThat(ConfigFixtures.error(gcs("\"gcs_credentials\": \"" + notJson + "\""), "containers[0].gcs_credentials")
        .getMessage()).contains("is not JSON").doesNotContain("secret-ish");
    assertThat(ConfigFixtures.error(gcs("\"gcs_credentials\": \"" + user + "\""), "containers[0].gcs_credentials")
        .getMessage()).contains("authorized_user", "Application Default Credentials");
    assertThat(ConfigFixtures.error(gcs("\"gcs_credentials\": \"" + noEmail + "\""),
        "containers[0].gcs_credentials").getMessage()).contains("no \"client_email\"");
    assertThat(ConfigFixtures.error(gcs("\"gcs_credentials\": \"" + dir.resolve("missing.json") + "\""),
        "containers[0].gcs_credentials").getMessage()).contains("does not exist");
  }

  @Test
  void keysOfTheOtherProtocolAreRefused() {
    assertThat(ConfigFixtures.error(gcs("\"aws_secret\": \"k\""), "containers[0].aws_secret").getMessage())
        .contains("gcs_credentials", "\"protocol\": \"s3\"");
    assertThat(ConfigFixtures.error(ConfigFixtures.oneMapping("\"gcs_credentials\": \"/x.json\""),
        "containers[0].gcs_credentials").getMessage()).contains("only applies to \"protocol\": \"gcs\"");
  }
}
