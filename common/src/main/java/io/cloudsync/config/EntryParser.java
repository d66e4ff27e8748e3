package io.cloudsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsync.store.Endpoints;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Parses {@code containers[]} and {@code migrations[]} entries and {@code migrator_settings}. */
final class EntryParser {

  private static final String[] KEYSTONE_FIELDS =
      {"project_name", "project_domain_name", "user_domain_name", "region_name"};

  private EntryParser() {
  }

  /** The remote-store fields shared by mappings and migrations. */
  /** Swift's default {@code max_container_name_length} and {@code max_account_name_length}. */
  private static final int MAX_NAME_BYTES = 256;

  private record Remote(Protocol protocol, String endpoint, String identity, Secret secret,
      String remoteAccount, Integer authVersion, KeystoneV3 keystone) {
  }

  static MappingConfig mapping(Section s) throws ConfigException {
    String account = account(s);
    String container = s.requiredString("container",
        "the local container, or \"/*\" for every container of the account");
    boolean perAccount = MappingConfig.PER_ACCOUNT.equals(container);
    if (!perAccount && container.indexOf('/') >= 0) {
      throw s.error("container", "a container name cannot contain '/' (use \"/*\" for"
          + " every container of the account), got " + quote(container));
    }
    checkName(s, "container", container);
    Protocol protocol = protocol(s, false);
    String bucket = bucket(s, protocol, perAccount);
    Remote remote = remote(s, protocol, protocol != Protocol.GCS);
    if (protocol == Protocol.GCS) {
      remote = gcs(s, remote);
    } else if (s.has("gcs_credentials")) {
      throw s.error("gcs_credentials", "only applies to \"protocol\": \"gcs\" (the native JSON API); this"
          + " mapping has protocol " + quote(protocol.jsonName()));
    }
    if (!bucket.isEmpty()) {
      checkBucket(s, bucket);
    }

    long copyAfter = s.integer("copy_after", 0, Long.MAX_VALUE / 1_000_000_000L,
        "a number of seconds", 0);
    boolean retainLocal = s.bool("retain_local", true);
    boolean propagateDelete = s.bool("propagate_delete", true);
    if (!retainLocal && propagateDelete) {
      throw s.error("retain_local", "\"retain_local\": false with \"propagate_delete\": true"
          + (s.has("propagate_delete") ? "" : " (its default)")
          + " is refused: the object would be archived and deleted locally, and that"
          + " local delete would then be propagated, deleting the archive copy right"
          + " after it was made (swift-s3-sync did exactly that). For an archive set"
          + " \"propagate_delete\": false; to keep local copies set \"retain_local\": true");
    }
    boolean restoreObject = s.bool("restore_object", false);
    if (restoreObject && propagateDelete) {
      s.warn("restore_object", "has no effect: the shunt only serves mappings with"
          + " \"propagate_delete\": false");
    }
    boolean encryption = s.bool("encryption", true);
    String customPrefix = s.string("custom_prefix");
    if (customPrefix != null) {
      customPrefix = stripSlashes(customPrefix);
      if (perAccount) {
        s.warn("custom_prefix", "with \"container\": \"/*\" every container's objects"
            + " share one key space under the prefix; equal names in different"
            + " containers overwrite each other (1space warned about this too)");
      }
    }
    ListingDuplicates duplicates = ListingDuplicates.ONCE;
    String dup = s.string("listing_duplicates");
    if (dup != null) {
      duplicates = ListingDuplicates.fromJson(dup).orElseThrow(() -> s.error(
          "listing_duplicates", "must be \"once\" or \"upstream\", got " + quote(dup)));
    }
    if (s.has("sync_to_header")) {
      throw s.error("sync_to_header", "is a top-level key, not a key of a mapping: it switches on"
          + " container-sync mode (every local container whose metadata carries X-Container-Sync-To and"
          + " X-Container-Sync-Key is synced, no mapping needed); move it to the top level of the file");
    }
    String storagePolicy = null;
    if (s.has("storage_policy")) {
      if (protocol != Protocol.SWIFT) {
        throw s.error("storage_policy", "only applies to \"protocol\": \"swift\" (the policy of a remote"
            + " Swift container cloudsync creates); this mapping has protocol " + quote(protocol.jsonName()));
      }
      storagePolicy = s.nonEmptyString("storage_policy");
      if (storagePolicy == null) {
        throw s.error("storage_policy", "must name a storage policy of the remote cluster (its swift.conf"
            + " \"name\" or an alias), or be left out for the remote's default policy");
      }
    }
    return new MappingConfig(account, container, protocol, bucket, remote.endpoint(),
        remote.identity(), remote.secret(), remote.remoteAccount(), copyAfter,
        retainLocal, propagateDelete, restoreObject, encryption, customPrefix, duplicates,
        remote.authVersion(), remote.keystone(), storagePolicy);
  }

  static MigrationConfig migration(Section s) throws ConfigException {
    String account = account(s);
    String bucket = s.requiredString("aws_bucket",
        "the source bucket or container, or \"/*\" for all of them");
    boolean all = MigrationConfig.ALL_BUCKETS.equals(bucket);
    if (!all && bucket.indexOf('/') >= 0) {
      throw s.error("aws_bucket", "a bucket or container name cannot contain '/' (use"
          + " \"/*\" for all of them), got " + quote(bucket));
    }
    String container = s.nonEmptyString("container");
    if (container != null && all) {
      s.warn("container", "ignored with \"aws_bucket\": \"/*\": each source bucket goes"
          + " to the local container of the same name");
      container = null;
    }
    if (container != null && container.indexOf('/') >= 0) {
      throw s.error("container", "a container name cannot contain '/', got "
          + quote(container));
    }
    if (container == null) {
      container = bucket;
    }
    Protocol protocol = protocol(s, true);
    Remote remote = remote(s, protocol, true);
    String prefix = s.string("prefix");
    if (prefix != null && prefix.isEmpty()) {
      prefix = null;
    }
    int workers = (int) s.integer("workers", 1, Integer.MAX_VALUE, "a whole number", 10);
    s.bool("encryption", true); // read by upstream's provider code; no effect on reads
    return new MigrationConfig(account, bucket, container, protocol, remote.endpoint(),
        remote.identity(), remote.secret(), remote.remoteAccount(), prefix, workers,
        remote.authVersion(), remote.keystone());
  }

  static MigratorSettings migratorSettings(Section s, Duration topPollInterval)
      throws ConfigException {
    Path statusFile = path(s, "status_file");
    if (statusFile == null) {
      throw s.missing("status_file", "the migrator's JSON status file");
    }
    int itemsChunk = (int) s.integer("items_chunk", 1, Integer.MAX_VALUE, "a whole number",
        1000);
    int processes = (int) s.integer("processes", 1, Integer.MAX_VALUE, "a whole number", 1);
    int process = (int) s.integer("process", 0, Integer.MAX_VALUE, "a whole number", 0);
    if (process >= processes) {
      throw s.error("process", "must be less than \"processes\" (" + processes
          + "): processes are numbered from 0, got " + process);
    }
    int workers = (int) s.integer("workers", 1, Integer.MAX_VALUE, "a whole number", 10);
    Path logFile = path(s, "log_file");
    LogLevel level = logLevel(s);
    Double poll = s.number("poll_interval", 0, "a number of seconds");
    if (s.has("console")) {
      s.bool("console", false);
      s.warn("console", "ignored, as in swift-s3-sync: only the --console option logs to"
          + " the console");
    }
    if (s.has("statsd_prefix")) {
      s.warn("statsd_prefix", "ignored (a 1space option): cloudsync exposes Prometheus"
          + " metrics on metrics_bind");
    }
    return new MigratorSettings(statusFile, itemsChunk, process, processes, workers, logFile,
        level, poll == null ? topPollInterval : seconds(poll));
  }

  // ---- shared pieces -------------------------------------------------------------------

  static LogLevel logLevel(Section s) throws ConfigException {
    String v = s.string("log_level");
    if (v == null) {
      return LogLevel.INFO;
    }
    return LogLevel.fromJson(v).orElseThrow(() -> s.error("log_level",
        "must be one of debug, info, warning, error; got " + quote(v)));
  }

  /** A non-empty file system path, or null when absent. */
  static Path path(Section s, String key) throws ConfigException {
    String v = s.nonEmptyString(key);
    if (v == null) {
      return null;
    }
    try {
      return Path.of(v);
    } catch (InvalidPathException e) {
      throw s.error(key, "is not a valid path: " + e.getReason());
    }
  }

  /** A duration given as (possibly fractional) seconds. */
  static Duration seconds(double seconds) {
    BigDecimal d = BigDecimal.valueOf(seconds);
    long whole = d.longValue();
    long nanos = d.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
    return Duration.ofSeconds(whole, nanos);
  }

  static String quote(String s) {
    return Section.describe(com.fasterxml.jackson.databind.node.TextNode.valueOf(s));
  }

  private static String account(Section s) throws ConfigException {
    String account = s.requiredString("account", "the local Swift account, e.g. AUTH_test");
    if (account.indexOf('/') >= 0) {
      throw s.error("account", "an account name cannot contain '/', got " + quote(account));
    }
    checkName(s, "account", account);
    return account;
  }

  /** Swift refuses NUL and control characters in names, and longer names than 256 bytes. */
  private static void checkName(Section s, String key, String name) throws ConfigException {
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw s.error(key, "must not contain control characters (found U+"
            + String.format("%04X", (int) name.charAt(i)) + " at position " + i + ")");
      }
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw s.error(key, "is longer than " + MAX_NAME_BYTES + " UTF-8 bytes, which no Swift name can be");
    }
  }

  /**
   * A bucket or remote container name no store accepts: control characters, or longer than any
   * store allows. (Amazon's stricter DNS rules are left to Amazon: S3 clones accept more.)
   */
  private static void checkBucket(Section s, String bucket) throws ConfigException {
    checkName(s, "aws_bucket", bucket);
  }

  private static Protocol protocol(Section s, boolean migration) throws ConfigException {
    String v = s.string("protocol");
    if (v == null) {
      return Protocol.S3;
    }
    Protocol p = Protocol.fromJson(v).orElseThrow(() -> s.error("protocol",
        "unknown protocol " + quote(v) + "; expected "
            + (migration ? "\"s3\" or \"swift\"" : "\"s3\", \"swift\" or \"gcs\"")));
    if (migration && p == Protocol.GCS) {
      throw s.error("protocol", "migrations support \"s3\" and \"swift\" sources; for"
          + " Google Cloud Storage use \"s3\" with \"aws_endpoint\": \""
          + Endpoints.GOOGLE + "\" (XML interoperability API)");
    }
    return p;
  }

  private static String bucket(Section s, Protocol protocol, boolean perAccount)
      throws ConfigException {
    String bucket = s.string("aws_bucket");
    String what = protocol == Protocol.SWIFT ? "the remote Swift container"
        : "the bucket to write to";
    if (bucket == null) {
      throw s.missing("aws_bucket", what);
    }
    if (bucket.isEmpty() && !(perAccount && protocol == Protocol.SWIFT)) {
      throw s.error("aws_bucket", "must not be empty (" + what + ")");
    }
    if (bucket.indexOf('/') >= 0) {
      throw s.error("aws_bucket", "a bucket or container name cannot contain '/', got "
          + quote(bucket) + (protocol == Protocol.S3
              ? "; to write under a key prefix use \"custom_prefix\"" : ""));
    }
    return bucket;
  }

  private static Remote remote(Section s, Protocol protocol, boolean credentialsRequired)
      throws ConfigException {
    String endpoint = endpoint(s, protocol);
    String identity = s.string("aws_identity");
    if (identity != null && identity.isEmpty()) {
      throw s.error("aws_identity", "must not be empty");
    }
    if (identity == null && credentialsRequired) {
      throw s.missing("aws_identity", protocol == Protocol.SWIFT
          ? "the remote Swift user" : "the access key id");
    }
    Secret secret = null;
    String rawSecret = s.sensitiveString("aws_secret");
    if (rawSecret != null) {
      try {
        secret = Secret.resolve(rawSecret, s.ctx().env());
      } catch (IllegalArgumentException e) {
        throw s.error("aws_secret", e.getMessage());
      }
    } else if (credentialsRequired) {
      throw s.missing("aws_secret", protocol == Protocol.SWIFT
          ? "the remote Swift key or password" : "the secret access key");
    }
    String remoteAccount = s.string("remote_account");
    if (remoteAccount != null) {
      if (remoteAccount.isEmpty()) {
        throw s.error("remote_account", "must not be empty");
      }
      if (remoteAccount.indexOf('/') >= 0) {
        throw s.error("remote_account", "an account name cannot contain '/', got "
            + quote(remoteAccount));
      }
      if (protocol != Protocol.SWIFT) {
        s.warn("remote_account", "ignored: it only applies to protocol \"swift\""
            + " (as in swift-s3-sync)");
        remoteAccount = null;
      }
    }
    Integer authVersion = authVersion(s, protocol);
    KeystoneV3 keystone = keystone(s, authVersion);
    return new Remote(protocol, endpoint, identity, secret, remoteAccount, authVersion,
        keystone);
  }

  /**
   * protocol gcs: the service-account key of {@code gcs_credentials} (its JSON as the secret, its
   * {@code client_email} as the identity), or neither for Application Default Credentials.
   */
  private static Remote gcs(Section s, Remote remote) throws ConfigException {
    for (String key : new String[] {"aws_identity", "aws_secret"}) {
      if (s.has(key)) {
        throw s.error(key, "is not used by \"protocol\": \"gcs\", which signs in with the service-account key"
            + " of \"gcs_credentials\" (or Application Default Credentials); for HMAC interoperability keys use"
            + " \"protocol\": \"s3\" with \"aws_endpoint\": \"" + Endpoints.GOOGLE + "\"");
      }
    }
    String spec = s.sensitiveString("gcs_credentials");
    if (spec == null) {
      return remote;
    }
    try {
      GcsKeys keys = GcsKeys.resolve(spec, s.ctx().env());
      return new Remote(remote.protocol(), remote.endpoint(), keys.clientEmail(), keys.json(),
          remote.remoteAccount(), remote.authVersion(), remote.keystone());
    } catch (IllegalArgumentException e) {
      throw s.error("gcs_credentials", e.getMessage());
    }
  }

  private static String endpoint(Section s, Protocol protocol) throws ConfigException {
    String v = s.string("aws_endpoint");
    if (v == null || v.isEmpty()) {
      if (protocol == Protocol.SWIFT) {
        throw v == null
            ? s.missing("aws_endpoint", "the remote Swift auth URL, e.g."
                + " https://swift.example.com/auth/v1.0")
            : s.error("aws_endpoint", "must not be empty: it is the remote Swift"
                + " auth URL");
      }
      if (v != null) {
        s.warn("aws_endpoint", "empty: Amazon S3 is used (as in swift-s3-sync)");
      }
      return null;
    }
    try {
      URI uri = new URI(v);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw s.error("aws_endpoint", "must be an http:// or https:// URL, got "
            + quote(v));
      }
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw s.error("aws_endpoint", "has no host name: " + quote(v));
      }
      if (uri.getPort() > 65535) {
        throw s.error("aws_endpoint", "has port " + uri.getPort() + "; ports go from 1 to 65535: " + quote(v));
      }
    } catch (URISyntaxException e) {
      throw s.error("aws_endpoint", "is not a valid URL (" + e.getReason() + "): "
          + quote(v));
    }
    return v;
  }

  private static Integer authVersion(Section s, Protocol protocol) throws ConfigException {
    Integer version = null;
    JsonNode v = s.raw("auth_version");
    if (v != null) {
      String text = null;
      if (v.isNumber()) {
        text = v.decimalValue().stripTrailingZeros().toPlainString();
      } else if (v.isTextual()) {
        text = v.textValue().trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("v")) {
          text = text.substring(1);
        }
        try {
          text = new BigDecimal(text).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      if ("1".equals(text)) {
        version = 1;
      } else if ("3".equals(text)) {
        version = 3;
      } else if ("2".equals(text)) {
        throw s.error("auth_version", "Keystone v2 is not supported; use 3 (Keystone v3)"
            + " or 1 (Swift v1 auth)");
      } else {
        throw s.error("auth_version", "must be 1 (Swift v1 auth) or 3 (Keystone v3), got "
            + Section.describe(v));
      }
    }
    String type = s.string("auth_type");
    if (type != null) {
      int fromType;
      switch (type) {
        case "swift":
          fromType = 1;
          break;
        case "keystone_v3":
          fromType = 3;
          break;
        case "keystone_v2":
          throw s.error("auth_type", "Keystone v2 is not supported; use \"keystone_v3\"");
        default:
          throw s.error("auth_type", "must be \"swift\" or \"keystone_v3\", got "
              + quote(type));
      }
      if (version != null && version != fromType) {
        throw s.error("auth_type", quote(type) + " contradicts \"auth_version\": "
            + version + "; give only one of them");
      }
      version = fromType;
    }
    if (version != null && protocol != Protocol.SWIFT) {
      String key = s.has("auth_version") ? "auth_version" : "auth_type";
      throw s.error(key, "only applies to protocol \"swift\" (this entry uses "
          + quote(protocol.jsonName()) + ")");
    }
    return version;
  }

  private static KeystoneV3 keystone(Section s, Integer authVersion) throws ConfigException {
    boolean v3 = authVersion != null && authVersion == 3;
    if (!v3) {
      for (String key : KEYSTONE_FIELDS) {
        if (s.has(key)) {
          throw s.error(key, "only used with Keystone v3; set \"auth_version\": 3"
              + " (or remove the key)");
        }
      }
      return null;
    }
    String what = "required for Keystone v3 (auth_version 3)";
    return new KeystoneV3(s.requiredString("project_name", what),
        s.requiredString("project_domain_name", what),
        s.requiredString("user_domain_name", what),
        s.nonEmptyString("region_name"));
  }

  private static String stripSlashes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '/') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(start, end);
  }
}
