package io.cloudsync.cli;

import io.cloudsync.config.GcsKeys;
import io.cloudsync.config.Protocol;
import io.cloudsync.config.Secret;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.Endpoints;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.RemoteTarget;
import io.cloudsync.store.StoreFactory;
import io.cloudsync.store.UnsupportedTargetException;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cloudsync verify}: swift-s3-verify's checks with its messages, for S3 and (through
 * {@link SwiftVerification}, v1 auth) Swift. Without {@code --bucket}, the credentials list the
 * buckets (containers). With a bucket, a throw-away object is uploaded, its metadata
 * changed and read back, deleted, and the bucket listed. Exit 0 when every check passes, 1 with
 * upstream's message otherwise.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check that credentials and a bucket work for cloudsync (swift-s3-verify).")
final class VerifyCommand implements Callable<Integer> {
  static final String INVALID_CREDENTIALS =
      "Invalid credentials. Please check the Access Key ID and Secret Access Key.";
  static final String INVALID_GCS_CREDENTIALS =
      "Invalid credentials. Please check the service-account key (--password).";
  static final byte[] BODY = "cloud sync test".getBytes(StandardCharsets.UTF_8);

  @Spec
  CommandSpec spec;

  @Option(names = "--protocol", required = true, description = "s3, swift or gcs")
  String protocol;

  @Option(names = "--endpoint", description = "required for s3 and swift; gcs: the JSON API root"
      + " (default https://storage.googleapis.com)")
  String endpoint;

  @Option(names = "--username", description = "required for s3 and swift; gcs: if given, must be the key's"
      + " client_email")
  String username;

  @Option(names = "--password", required = true, description = "secret key or password; gcs: the"
      + " service-account JSON (path, file:/path or env:NAME)")
  String password;

  @Option(names = "--bucket")
  String bucket;

  @Option(names = "--account", description = "Swift only")
  String account;

  @Option(names = "--auth-version", description = "Swift only: 1 (tempauth, swauth; default) or 3 (Keystone v3:"
      + " --endpoint is Keystone's URL)")
  Integer authVersion;

  @Option(names = "--project-name", description = "Keystone v3: the project to scope the token to")
  String projectName;

  @Option(names = "--project-domain-name", description = "Keystone v3: the project's domain")
  String projectDomainName;

  @Option(names = "--user-domain-name", description = "Keystone v3: the user's domain")
  String userDomainName;

  @Option(names = "--region-name", description = "Keystone v3: the catalog region of the object-store endpoint")
  String regionName;

  @Override
  public Integer call() {
    String proto = protocol.toLowerCase(Locale.ROOT);
    if (!proto.equals("s3") && !proto.equals("swift") && !proto.equals("gcs")) {
      return usage("Invalid argument: protocol must be s3, swift or gcs");
    }
    if (account != null && !proto.equals("swift")) {
      return usage("Invalid argument: account is only valid with swift protocol");
    }
    if ((authVersion != null || projectName != null || projectDomainName != null || userDomainName != null
        || regionName != null) && !proto.equals("swift")) {
      return usage("Invalid argument: auth-version and the Keystone options are only valid with swift protocol");
    }
    if (bucket != null && bucket.contains("/") && !bucket.equals("/*")) {
      return usage("Invalid argument: slash is not allowed in container name");
    }
    if (proto.equals("gcs")) {
      return verifyGcs();
    }
    for (String[] option : new String[][] {{"--endpoint", endpoint}, {"--username", username}}) {
      if (option[1] == null) {
        return usage("Missing required option: '" + option[0] + "' (required for protocol " + proto + ")");
      }
    }
    if (proto.equals("swift")) {
      return verifySwift();
    }
    URI uri = URI.create(endpoint);
    return check(new RemoteTarget(Protocol.S3, Endpoints.isAmazon(uri) ? null : uri,
        bucket == null ? "verify" : bucket, username, Secret.of(password), "fabcab", true, 2));
  }

  /**
   * protocol gcs: the service-account key of {@code --password} (read and checked as
   * {@code gcs_credentials} is), the public JSON API or {@code --endpoint}, and the same checks as
   * for S3 through the native GCS store.
   */
  private int verifyGcs() {
    GcsKeys keys;
    try {
      keys = GcsKeys.resolve(password, System::getenv);
    } catch (IllegalArgumentException e) {
      return usage("Invalid argument: --password: " + e.getMessage());
    }
    if (username != null && !username.equals(keys.clientEmail())) {
      return usage("Invalid argument: --username " + username + " is not the key's client_email "
          + keys.clientEmail());
    }
    URI uri = null;
    if (endpoint != null) {
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        return usage("Invalid argument: --endpoint is not a URL: " + endpoint);
      }
    }
    return check(new RemoteTarget(Protocol.GCS, uri, bucket == null ? "verify" : bucket, keys.clientEmail(),
        keys.json(), "fabcab", false, 2));
  }

  /** Lists the buckets (no {@code --bucket}) or runs the object checks in the bucket. */
  private int check(RemoteTarget target) {
    StoreFactory stores = new Backends();
    try {
      if (bucket == null) {
        stores.buckets(target);
      } else {
        checkBucket(stores, target);
      }
      return Main.OK;
    } catch (StoreException e) {
      if (e.kind() == StoreException.Kind.AUTH) {
        return fail(target.protocol() == Protocol.GCS ? INVALID_GCS_CREDENTIALS : INVALID_CREDENTIALS);
      }
      return fail("Unexpected error validating credentials: " + e.getMessage());
    } catch (UnsupportedTargetException | IllegalStateException | IllegalArgumentException e) {
      return fail(e.getMessage());
    }
  }

  private int verifySwift() {
    URI authUrl;
    try {
      authUrl = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      return usage("Invalid argument: --endpoint is not a URL: " + endpoint);
    }
    io.cloudsync.config.KeystoneV3 keystone = null;
    int version = authVersion == null ? 1 : authVersion;
    if (version != 1 && version != 3) {
      return usage("Invalid argument: --auth-version must be 1 or 3");
    }
    if (version == 3) {
      for (String[] option : new String[][] {{"--project-name", projectName},
          {"--project-domain-name", projectDomainName}, {"--user-domain-name", userDomainName}}) {
        if (option[1] == null) {
          return usage("Missing required option: '" + option[0] + "' (required with --auth-version 3)");
        }
      }
      keystone = new io.cloudsync.config.KeystoneV3(projectName, projectDomainName, userDomainName, regionName);
    } else if (projectName != null || projectDomainName != null || userDomainName != null || regionName != null) {
      return usage("Invalid argument: --project-name, --project-domain-name, --user-domain-name and --region-name"
          + " need --auth-version 3");
    }
    try {
      SwiftVerification.run(authUrl, username, password, account, bucket, keystone);
      return Main.OK;
    } catch (SwiftVerification.Failed e) {
      return fail(e.getMessage());
    }
  }

  private void checkBucket(StoreFactory stores, RemoteTarget target)
      throws StoreException, UnsupportedTargetException {
    SwiftPath path = new SwiftPath("verify-auth", "testing-\uD83D\uDC4D", "cloud_sync_test");
    String md5 = HexFormat.of().formatHex(SyncMd5.of(BODY));
    try (RemoteStore store = stores.store(target)) {
      store.upload(path, ObjectMetadata.simple(md5, "application/octet-stream", BODY.length, Map.of()),
          () -> new ByteArrayInputStream(BODY));
      store.updateMetadata(path, ObjectMetadata.simple(md5, "application/octet-stream", BODY.length,
          Map.of("cloud-sync", "fabcab")));
      Optional<RemoteObject> head = store.head(path);
      if (head.isEmpty()) {
        throw new IllegalStateException("Unexpected status code checking PUT object: 404");
      }
      if (!"fabcab".equals(head.get().userMetadata().get("cloud-sync"))) {
        throw new IllegalStateException("Unexpected headers after setting metadata: " + head.get().userMetadata());
      }
      store.delete(path);
    }
    try (RemoteReader reader = stores.reader(target)) {
      reader.list(path.account(), path.container(), new RemoteReader.ListingQuery("", null, "", 1))
          .toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof StoreException store) {
        throw store;
      }
      throw new IllegalStateException("Unexpected error validating credentials: " + e.getCause());
    }
  }

  private int usage(String message) {
    spec.commandLine().getErr().println(message);
    return Main.USAGE;
  }

  private int fail(String message) {
    spec.commandLine().getErr().println(message);
    return Main.RUNTIME_FAILURE;
  }

  /** MD5 of a small in-memory body (the verify object). */
  static final class SyncMd5 {
    private SyncMd5() {}

    static byte[] of(byte[] data) {
      try {
        return java.security.MessageDigest.getInstance("MD5").digest(data);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
