package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.testing.Saio;
import io.cloudsync.testing.SwiftClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code cloudsync verify --protocol swift} against the Swift all-in-one's tempauth, the cases of
 * swift-s3-verify's own integration tests, with its messages and exit codes. Every check also
 * shows that the account is left as it was.
 */
class VerifySwiftIT {
  private final Saio saio = Saio.get();
  private final SwiftClient tester = saio.client();

  private SyncFixture.Run verify(String user, String key, String... more) {
    List<String> args = new ArrayList<>(List.of("verify", "--protocol", "swift", "--endpoint",
        saio.env("SWIFT_AUTH_URL"), "--username", user, "--password", key));
    args.addAll(List.of(more));
    return SyncFixture.cloudsync(args.toArray(String[]::new));
  }

  private SyncFixture.Run asTester(String... more) {
    return verify(saio.env("SWIFT_USER"), saio.env("SWIFT_KEY"), more);
  }

  @Test
  void credentialsWithoutAContainerListTheAccount() {
    SyncFixture.Run run = asTester();
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  @Test
  void aWorkingContainerPassesAndIsLeftEmptyWithItsMetadata() {
    String container = unique("verify");
    tester.createContainer(container);
    tester.request("POST", container, null, Map.of("X-Container-Meta-Kept", "yes"), null);

    SyncFixture.Run run = asTester("--bucket", container);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(tester.list(container)).isEmpty();
    assertThat(tester.request("HEAD", container, null, Map.of(), null).headers()
        .firstValue("X-Container-Meta-Kept")).contains("yes");
  }

  @Test
  void aResellerAdminChecksAnotherAccountsContainer() {
    SwiftClient tester2 = SwiftClient.login(saio.env("SWIFT_AUTH_URL"), saio.env("SWIFT_USER2"),
        saio.env("SWIFT_KEY2"));
    String container = unique("verify2");
    tester2.createContainer(container);
    String account2 = tester2.storageUrl().substring(tester2.storageUrl().lastIndexOf('/') + 1);

    SyncFixture.Run run = verify(saio.env("SWIFT_RESELLER_ADMIN_USER"), saio.env("SWIFT_RESELLER_ADMIN_KEY"),
        "--account", account2, "--bucket", container);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(tester2.list(container)).isEmpty();
    // The same container is not in the admin's choice of a wrong account.
    SyncFixture.Run wrong = verify(saio.env("SWIFT_RESELLER_ADMIN_USER"), saio.env("SWIFT_RESELLER_ADMIN_KEY"),
        "--account", saio.account(), "--bucket", container);
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).startsWith("Unexpected error validating credentials: Object PUT failed: ")
        .contains("404 Not Found").contains("/" + saio.account() + "/" + container + "/");
  }

  @Test
  void allContainersUsesAThrowAwayContainerAndRemovesIt() {
    SyncFixture.Run run = asTester("--bucket", "/*");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String listing = new String(tester.request("GET", tester.storageUrl() + "?format=plain", Map.of(), null).body(),
        StandardCharsets.UTF_8);
    assertThat(listing).doesNotContain(SwiftVerification.TEST_CONTAINER);
  }

  @Test
  void wrongCredentialsGiveUpstreamsMessage() {
    SyncFixture.Run run = verify(saio.env("SWIFT_USER"), "not-the-key");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo(VerifyCommand.INVALID_CREDENTIALS);
  }

  @Test
  void aMissingContainerIsAnUnexpectedErrorNamingTheFailedPut() {
    String missing = unique("missing");
    SyncFixture.Run run = asTester("--bucket", missing);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("Unexpected error validating credentials: Object PUT failed: ")
        .contains("404 Not Found");
    assertThat(tester.request("HEAD", missing, null, Map.of(), null).statusCode()).isEqualTo(404);
  }

  @Test
  void aUserWithoutAccessToTheContainerIsUnauthorized() {
    String container = unique("verify3");
    tester.createContainer(container);
    // test:tester3 is in AUTH_test but not an admin: no write access without an ACL.
    SyncFixture.Run run = verify("test:tester3", "testing3", "--bucket", container);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo(SwiftVerification.UNAUTHORIZED);
    assertThat(tester.list(container)).isEmpty();
  }

  @Test
  void anUnreachableAuthUrlIsAnUnexpectedErrorNotAStackTrace() {
    SyncFixture.Run run = SyncFixture.cloudsync("verify", "--protocol", "swift", "--endpoint",
        "http://127.0.0.1:1/auth/v1.0", "--username", "u", "--password", "p");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("Unexpected error validating credentials: ")
        .contains("127.0.0.1:1").doesNotContain("\tat ");
  }
}
