package io.cloudsync.cli;

import io.cloudsync.store.swift.SwiftAccount;
import io.cloudsync.store.swift.SwiftAnswer;
import io.cloudsync.store.swift.SwiftRequestFailed;
import java.io.IOException;
import java.net.URI;
import java.util.HexFormat;
import java.util.Map;

/**
 * swift-s3-verify's checks of a remote Swift account ({@code verify --protocol swift}), with its
 * messages. Without a container, the account is listed. With one, a throw-away object is written,
 * its metadata changed and read back, the object deleted and the container listed; with
 * {@code /*} (a per-account mapping) a throw-away container is created first and removed after.
 * Whatever was created is removed again, also when a check fails.
 */
final class SwiftVerification {
  static final String UNAUTHORIZED =
      "Unauthorized. Please check that you have access to the account and/or container.";
  static final String TEST_OBJECT = "cloud_sync_test_object";
  static final String TEST_CONTAINER = ".cloudsync_test_container-\uD83D\uDC4D";

  /** Why a check failed, as the message to print. */
  static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  private SwiftVerification() {}

  /**
   * @param account an account other than the user's own, or null
   * @param container the container to check, {@code /*} for a throw-away one, or null for none
   * @throws Failed with upstream's message
   */
  static void run(URI authUrl, String user, String key, String account, String container) throws Failed {
    run(authUrl, user, key, account, container, null);
  }

  /** @param keystone Keystone v3 scope ({@code --auth-version 3}), or null for v1 auth */
  static void run(URI authUrl, String user, String key, String account, String container,
      io.cloudsync.config.KeystoneV3 keystone) throws Failed {
    try (SwiftAccount swift = SwiftAccount.login(authUrl, user, key, account, keystone)) {
      if (container == null) {
        expect(swift, "Account GET", "GET", swift.url(null, null, Map.of("limit", "1", "format", "json")),
            Map.of(), null);
      } else if (container.equals("/*")) {
        expect(swift, "Container PUT", "PUT", swift.url(TEST_CONTAINER, null, Map.of()), Map.of(), null);
        try {
          checkContainer(swift, TEST_CONTAINER);
        } finally {
          swift.request("DELETE", swift.url(TEST_CONTAINER, null, Map.of()), Map.of(), null);
        }
      } else {
        checkContainer(swift, container);
      }
    } catch (SwiftRequestFailed e) {
      throw new Failed(e.status() == 401 ? VerifyCommand.INVALID_CREDENTIALS
          : e.status() == 403 ? UNAUTHORIZED
          : "Unexpected error validating credentials: " + e.getMessage());
    } catch (IOException | IllegalArgumentException e) {
      throw new Failed("Unexpected error validating credentials: " + e.getMessage());
    }
  }

  private static void checkContainer(SwiftAccount swift, String container)
      throws IOException, SwiftRequestFailed, Failed {
    URI object = swift.url(container, TEST_OBJECT, Map.of());
    String md5 = HexFormat.of().formatHex(VerifyCommand.SyncMd5.of(VerifyCommand.BODY));
    expect(swift, "Object PUT", "PUT", object, Map.of("ETag", md5, "Content-Type", "application/octet-stream"),
        VerifyCommand.BODY);
    try {
      expect(swift, "Object POST", "POST", object, Map.of("X-Object-Meta-Cloud-Sync", "fabcab"), null);
      SwiftAnswer head = expect(swift, "Object HEAD", "HEAD", object, Map.of(), null);
      if (!"fabcab".equals(head.header("X-Object-Meta-Cloud-Sync").orElse(null))) {
        throw new Failed("Unexpected headers after setting metadata: " + head.headers());
      }
    } catch (IOException | SwiftRequestFailed | Failed e) {
      removeQuietly(swift, object); // the first failure is the one to report
      throw e;
    }
    SwiftAnswer deleted = swift.request("DELETE", object, Map.of(), null);
    if (!deleted.isSuccess() && deleted.status() != 404) {
      throw new SwiftRequestFailed("Object DELETE", object, deleted);
    }
    expect(swift, "Container GET", "GET", swift.url(container, null, Map.of("limit", "1", "format", "json")),
        Map.of(), null);
  }

  private static void removeQuietly(SwiftAccount swift, URI object) {
    try {
      swift.request("DELETE", object, Map.of(), null);
    } catch (IOException | SwiftRequestFailed ignored) {
      // the check already failed; its own error is reported
    }
  }

  private static SwiftAnswer expect(SwiftAccount swift, String what, String method, URI url,
      Map<String, String> headers, byte[] body) throws IOException, SwiftRequestFailed {
    SwiftAnswer answer = swift.request(method, url, headers, body);
    if (!answer.isSuccess()) {
      throw new SwiftRequestFailed(what, url, answer);
    }
    return answer;
  }
}
