package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.cloudsync.testing.FakeGcs;
import io.cloudsync.testing.FakeGcsTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cloudsync verify --protocol gcs} against fake-gcs-server, with a generated service-account
 * key signed in through the loopback token endpoint: the S3 verification's checks and message
 * style, the key given by path or {@code file:}, {@code --username} checked against its
 * {@code client_email}.
 */
class VerifyGcsIT {
  static FakeGcs gcs;
  static FakeGcsTokens tokens;
  static Storage plain;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    gcs = FakeGcs.start();
    tokens = FakeGcsTokens.start();
    plain = StorageOptions.newBuilder().setHost(gcs.endpoint().toString()).setProjectId("test")
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  @AfterAll
  static void stop() throws Exception {
    plain.close();
    tokens.close();
    gcs.close();
  }

  private SyncFixture.Run verify(String password, String... more) {
    List<String> args = new ArrayList<>(List.of("verify", "--protocol", "gcs", "--endpoint", gcs.endpoint().toString(),
        "--password", password));
    args.addAll(List.of(more));
    return SyncFixture.cloudsync(args.toArray(String[]::new));
  }

  private FakeGcsTokens.ServiceAccount key(Path file) throws Exception {
    FakeGcsTokens.ServiceAccount account = tokens.newKey(unique("verify"));
    Files.writeString(file, account.json());
    return account;
  }

  @Test
  void aKeyWithoutABucketListsBuckets() throws Exception {
    Path file = dir.resolve("sa.json");
    FakeGcsTokens.ServiceAccount account = key(file);
    SyncFixture.Run run = verify(file.toString(), "--username", account.clientEmail());
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void aWorkingBucketPassesAndIsLeftAsItWas() throws Exception {
    String bucket = unique("verify-gcs");
    plain.create(BucketInfo.of(bucket));
    Path file = dir.resolve("sa.json");
    key(file);
    int granted = tokens.granted();

    SyncFixture.Run run = verify("file:" + file, "--bucket", bucket);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(plain.list(bucket).getValues()).isEmpty();
    assertThat(tokens.granted()).as("signed in through the key's token_uri").isGreaterThan(granted);
  }

  @Test
  void aKeyTheTokenEndpointRefusesGivesTheInvalidCredentialsMessage() throws Exception {
    String bucket = unique("verify-gcs");
    plain.create(BucketInfo.of(bucket));
    Path file = Files.writeString(dir.resolve("unknown.json"), tokens.unknownKey().json());

    SyncFixture.Run run = verify(file.toString(), "--bucket", bucket);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo(VerifyCommand.INVALID_GCS_CREDENTIALS);
  }

  @Test
  void aMissingBucketIsAnUnexpectedError() throws Exception {
    Path file = dir.resolve("sa.json");
    key(file);
    SyncFixture.Run run = verify(file.toString(), "--bucket", unique("missing"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("Unexpected error validating credentials: ").contains("404");
  }

  @Test
  void badArgumentsAreUsageErrors() throws Exception {
    Path file = dir.resolve("sa.json");
    key(file);
    SyncFixture.Run other = verify(file.toString(), "--username", "someone@else.example");
    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.err()).contains("is not the key's client_email");
    SyncFixture.Run notAKey = verify(Files.writeString(dir.resolve("x.json"), "nope").toString());
    assertThat(notAKey.exitCode()).isEqualTo(2);
    assertThat(notAKey.err()).contains("Invalid argument: --password:").contains("is not JSON");
    SyncFixture.Run s3 = SyncFixture.cloudsync("verify", "--protocol", "s3", "--password", "p");
    assertThat(s3.exitCode()).isEqualTo(2);
    assertThat(s3.err()).contains("--endpoint");
  }
}
