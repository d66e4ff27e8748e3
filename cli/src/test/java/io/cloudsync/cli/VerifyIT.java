package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.testing.EmbeddedS3;
import org.junit.jupiter.api.Test;

/** {@code cloudsync verify} against S3Proxy, with swift-s3-verify's messages and exit codes. */
class VerifyIT extends SaioS3TestBase {
  private SyncFixture.Run verify(String secret, String bucket) {
    return bucket == null
        ? SyncFixture.cloudsync("verify", "--protocol", "s3", "--endpoint", s3.endpoint().toString(),
            "--username", EmbeddedS3.IDENTITY, "--password", secret)
        : SyncFixture.cloudsync("verify", "--protocol", "s3", "--endpoint", s3.endpoint().toString(),
            "--username", EmbeddedS3.IDENTITY, "--password", secret, "--bucket", bucket);
  }

  @Test
  void credentialsWithoutABucketListBuckets() {
    assertThat(verify(EmbeddedS3.SECRET, null).exitCode()).isZero();
  }

  @Test
  void aWorkingBucketPassesAndIsLeftAsItWas() {
    String bucket = unique("verify");
    s3.createBucket(bucket);
    SyncFixture.Run run = verify(EmbeddedS3.SECRET, bucket);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(s3.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  @Test
  void wrongCredentialsGiveUpstreamsMessage() {
    SyncFixture.Run run = verify("wrong", null);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo(VerifyCommand.INVALID_CREDENTIALS);
  }

  @Test
  void aMissingBucketIsAnUnexpectedError() {
    SyncFixture.Run run = verify(EmbeddedS3.SECRET, unique("missing"));
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("Unexpected error validating credentials: ");
  }

  @Test
  void accountIsOnlyForSwift() {
    SyncFixture.Run run = SyncFixture.cloudsync("verify", "--protocol", "s3", "--endpoint", "http://127.0.0.1:1",
        "--username", "u", "--password", "p", "--account", "AUTH_x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Invalid argument: account is only valid with swift protocol");
  }
}
