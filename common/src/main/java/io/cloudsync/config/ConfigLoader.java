package io.cloudsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Loads and validates {@code sync.json}. Every key is checked: unknown keys, wrong types,
 * missing required keys and invalid values are {@link ConfigException}s naming the file, the
 * JSON path of the key and the problem. Things that do not stop loading (ignored upstream
 * keys, aliases, duplicate keys, settings without effect) end up in
 * {@link SyncConfig#warnings()}.
 *
 * <p>Instances hold no mutable state and may be shared.
 */
public final class ConfigLoader {

  private static final String IC_IGNORED = "ignored: cloudsync reads objects through"
      + " internal_proxy_url; add encryption filters to the internal proxy pipeline";

  private final Function<String, String> env;

  /** A loader resolving {@code env:} secrets from the process environment. */
  public ConfigLoader() {
    this(System::getenv);
  }

  /** A loader resolving {@code env:} secrets with {@code env} (tests). */
  public ConfigLoader(Function<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** Whether {@code file} exists (the CLI's "missing config → log and exit 0" rule). */
  public static boolean exists(Path file) {
    return Files.exists(file);
  }

  /** A sync.json larger than this is not a configuration (and would only exhaust the heap). */
  static final long MAX_CONFIG_BYTES = 16L * 1024 * 1024;
  /** Threads per pool: each holds a connection and a stack; thousands already exhaust a node. */
  static final int MAX_WORKERS = 4096;
  /** Rows read per chunk. */
  static final int MAX_ITEMS_CHUNK = 1_000_000;

  /**
   * Reads and validates a configuration file (UTF-8).
   *
   * @throws MissingConfigException when the file does not exist
   * @throws ConfigException when it cannot be read or is invalid
   */
  public SyncConfig load(Path file) throws ConfigException {
    String source = file.toString();
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new ConfigException(source, "", "is a directory, not a configuration file",
            -1, -1);
      }
      long size = Files.size(file);
      if (size > MAX_CONFIG_BYTES) {
        throw new ConfigException(source, "", "is " + size + " bytes long; a configuration file is at most "
            + MAX_CONFIG_BYTES / (1024 * 1024) + " MiB", -1, -1);
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new MissingConfigException(source);
    } catch (AccessDeniedException e) {
      throw new ConfigException(source, "", "cannot read the file: permission denied",
          -1, -1, e);
    } catch (IOException e) {
      throw new ConfigException(source, "", "cannot read the file: " + e, -1, -1, e);
    }
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(source, "", "is not valid UTF-8 text", -1, -1, e);
    }
    return parse(json, source);
  }

  /**
   * Validates configuration text.
   *
   * @param json the JSON text (a leading byte-order mark is ignored)
   * @param sourceName how messages name the source, normally the file path
   */
  public SyncConfig parse(String json, String sourceName) throws ConfigException {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(sourceName, "sourceName");
    if (json.startsWith("\uFEFF")) {
      json = json.substring(1);
    }
    ParseContext ctx = new ParseContext(sourceName, env);
    ObjectNode root = JsonTree.parseObject(json, ctx);
    return build(Section.of(ctx, "", root, Keys.TOP, Keys.ALL));
  }

  private static SyncConfig build(Section top) throws ConfigException {
    ParseContext ctx = top.ctx();

    List<MappingConfig> containers = new ArrayList<>();
    List<JsonNode> entries = top.list("containers");
    if (entries != null) {
      for (int i = 0; i < entries.size(); i++) {
        Section m = Section.of(ctx, ParseContext.element("containers", i), entries.get(i),
            Keys.MAPPING, Keys.ALL);
        MappingConfig mapping = EntryParser.mapping(m);
        checkDuplicate(ctx, containers, mapping, i);
        containers.add(mapping);
      }
    }

    Path devices = orDefault(EntryParser.path(top, "devices"), SyncConfig.DEFAULT_DEVICES);
    Path statusDir = orDefault(EntryParser.path(top, "status_dir"),
        SyncConfig.DEFAULT_STATUS_DIR);
    int itemsChunk = (int) top.integer("items_chunk", 1, MAX_ITEMS_CHUNK,
        "a whole number of rows", SyncConfig.DEFAULT_ITEMS_CHUNK);
    int workers = (int) top.integer("workers", 1, MAX_WORKERS, "a whole number of transfer threads",
        SyncConfig.DEFAULT_WORKERS);
    Double poll = top.number("poll_interval", 0, "a number of seconds");
    Duration pollInterval = poll == null ? SyncConfig.DEFAULT_POLL_INTERVAL
        : EntryParser.seconds(poll);
    Path logFile = EntryParser.path(top, "log_file");
    LogLevel logLevel = EntryParser.logLevel(top);
    if (top.has("console")) {
      top.bool("console", false);
      top.warn("console", "ignored, as in swift-s3-sync: only the --console option logs"
          + " to the console");
    }
    URI httpProxy = proxy(top, "http_proxy");
    URI httpsProxy = proxy(top, "https_proxy");
    if (top.bool("bulk_process", false)) {
      throw top.error("bulk_process", "true is not supported: swift-s3-sync never"
          + " supported bulk processing either (its handler takes one row at a time);"
          + " remove the key or set it to false");
    }
    Path internalClientPath = EntryParser.path(top, "internal_client_path");
    if (internalClientPath != null) {
      top.warn("internal_client_path", IC_IGNORED);
    }
    String internalClientLogname = top.nonEmptyString("internal_client_logname");
    if (internalClientLogname != null) {
      top.warn("internal_client_logname", IC_IGNORED);
    }
    Path swiftDir = orDefault(EntryParser.path(top, "swift_dir"), SyncConfig.DEFAULT_SWIFT_DIR);

    List<MigrationConfig> migrations = new ArrayList<>();
    List<JsonNode> migrationEntries = top.list("migrations");
    if (migrationEntries != null) {
      for (int i = 0; i < migrationEntries.size(); i++) {
        Section m = Section.of(ctx, ParseContext.element("migrations", i),
            migrationEntries.get(i), Keys.MIGRATION, Keys.ALL);
        migrations.add(EntryParser.migration(m));
      }
    }
    MigratorSettings migratorSettings = migratorSettings(top, pollInterval);
    if (!migrations.isEmpty() && migratorSettings == null) {
      top.warn("migrations", "no \"migrator_settings\" are given; cloudsync migrate"
          + " cannot run without at least \"status_file\"");
    }

    Double slack = top.number("verification_slack", 0, "a number of minutes");
    Duration verificationSlack = slack == null ? SyncConfig.DEFAULT_VERIFICATION_SLACK
        : EntryParser.seconds(slack * 60);
    int enumeratorWorkers = (int) top.integer("enumerator_workers", 1, MAX_WORKERS,
        "a whole number of container threads", SyncConfig.DEFAULT_ENUMERATOR_WORKERS);
    String swiftBindIp = bindIp(top);
    Long bindPort = top.integer("swift_bind_port", 1, 65535, "a port number");
    boolean allowRemote = top.bool("allow_remote_internal_proxy", false);
    URI internalProxyUrl = internalProxyUrl(top, allowRemote);
    HostPort metricsBind = metricsBind(top);
    Long maxDeletes = top.integer("max_deletes_per_pass", 0, Integer.MAX_VALUE,
        "a whole number of deletes");
    boolean dryRun = top.bool("dry_run", false);
    boolean directObjectReads = top.bool("direct_object_reads", false);
    Double maxLag = top.number("health_max_lag", 0, "a number of seconds");

    for (String key : new String[] {"statsd_host", "statsd_port", "statsd_prefix"}) {
      if (top.hasKey(key)) {
        top.warn(key, "ignored (a 1space option): cloudsync exposes Prometheus metrics"
            + " on metrics_bind");
      }
    }
    if (top.hasKey("syslog")) {
      top.warn("syslog", "ignored (a 1space option): cloudsync logs to log_file or,"
          + " with --console, to the console");
    }
    ContainerSyncSettings containerSync = containerSync(top, swiftDir);
    if (containers.isEmpty() && migrations.isEmpty() && !containerSync.syncToHeader()) {
      top.warn(null, "neither \"containers\" nor \"migrations\" are configured;"
          + " there is nothing to do");
    }

    return new SyncConfig(containers, devices, statusDir, itemsChunk, workers, pollInterval,
        logFile, logLevel, httpProxy, httpsProxy, false, internalClientPath,
        internalClientLogname, swiftDir, migrations, migratorSettings, verificationSlack,
        enumeratorWorkers, swiftBindIp, bindPort == null ? null : bindPort.intValue(),
        internalProxyUrl, allowRemote, metricsBind,
        maxDeletes == null ? null : maxDeletes.intValue(), dryRun, directObjectReads,
        maxLag == null ? null : EntryParser.seconds(maxLag), containerSync, ctx.warnings());
  }

  /**
   * {@code sync_to_header} and the two keys that only matter with it: given without it, they
   * would have no effect, so they are refused.
   */
  private static ContainerSyncSettings containerSync(Section top, Path swiftDir) throws ConfigException {
    boolean on = top.bool("sync_to_header", false);
    Path realms = EntryParser.path(top, "realms_conf");
    List<String> hosts = null;
    List<JsonNode> listed = top.list("allowed_sync_hosts");
    if (listed != null) {
      hosts = new ArrayList<>();
      for (JsonNode host : listed) {
        if (!host.isTextual() || host.textValue().isBlank()) {
          throw top.error("allowed_sync_hosts", "must be a list of host names or IP addresses, e.g."
              + " [\"127.0.0.1\"]");
        }
        hosts.add(host.textValue().strip().toLowerCase(Locale.ROOT));
      }
    }
    for (String key : new String[] {"realms_conf", "allowed_sync_hosts"}) {
      if (!on && top.hasKey(key)) {
        throw top.error(key, "only applies to containers synced by their X-Container-Sync-To header;"
            + " set \"sync_to_header\": true or remove it");
      }
    }
    ContainerSyncSettings defaults = ContainerSyncSettings.off(swiftDir);
    return new ContainerSyncSettings(on, realms == null ? defaults.realmsConf() : realms,
        hosts == null ? defaults.allowedSyncHosts() : hosts);
  }

  private static <T> T orDefault(T value, T dflt) {
    return value == null ? dflt : value;
  }

  private static void checkDuplicate(ParseContext ctx, List<MappingConfig> earlier,
      MappingConfig m, int index) throws ConfigException {
    for (int j = 0; j < earlier.size(); j++) {
      MappingConfig e = earlier.get(j);
      if (e.account().equals(m.account()) && e.container().equals(m.container())
          && e.targetId().equals(m.targetId())) {
        throw ctx.error(ParseContext.element("containers", index), "duplicates"
            + " containers[" + j + "]: same account, container and target (protocol,"
            + " endpoint, bucket, prefix); remove one of them");
      }
    }
  }

  private static MigratorSettings migratorSettings(Section top, Duration pollInterval)
      throws ConfigException {
    boolean settings = top.has("migrator_settings");
    boolean config = top.has("migrator_config");
    if (settings && config) {
      throw top.error("migrator_config", "both \"migrator_settings\" and \"migrator_config\""
          + " are given; \"migrator_config\" is only the spelling of swift-s3-sync's"
          + " sample file, keep just \"migrator_settings\"");
    }
    if (!settings && !config) {
      return null;
    }
    String key = settings ? "migrator_settings" : "migrator_config";
    if (config) {
      top.warn(key, "read as \"migrator_settings\" (\"migrator_config\" is the spelling of"
          + " swift-s3-sync's sample file, whose migrator ignored it); please rename it");
    }
    Section s = Section.of(top.ctx(), top.path(key), top.raw(key), Keys.MIGRATOR, Keys.ALL);
    return EntryParser.migratorSettings(s, pollInterval);
  }

  private static URI proxy(Section top, String key) throws ConfigException {
    String v = top.string(key);
    if (v == null || v.isEmpty()) {
      return null;
    }
    String shown = EntryParser.quote(v.replaceAll("//[^/@]*@", "//****@"));
    String withScheme = v.contains("://") ? v : "http://" + v;
    try {
      URI uri = new URI(withScheme);
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw top.error(key, "must be an http:// or https:// proxy URL, got " + shown);
      }
      if (uri.getHost() == null) {
        throw top.error(key, "has no host name: " + shown);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw top.error(key, "is not a valid proxy URL: " + shown);
    }
  }

  private static String bindIp(Section top) throws ConfigException {
    String v = top.nonEmptyString("swift_bind_ip");
    if (v == null) {
      return null;
    }
    if (!v.matches("[A-Za-z0-9.:%_-]+")) {
      throw top.error("swift_bind_ip", "must be an IP address (as in the container ring),"
          + " got " + EntryParser.quote(v));
    }
    return v.equals("0.0.0.0") || v.equals("::") ? null : v;
  }

  private static URI internalProxyUrl(Section top, boolean allowRemote) throws ConfigException {
    String key = "internal_proxy_url";
    String v = top.nonEmptyString(key);
    if (v == null) {
      return SyncConfig.DEFAULT_INTERNAL_PROXY_URL;
    }
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw top.error(key, "is not a valid URL (" + e.getReason() + "): "
          + EntryParser.quote(v));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw top.error(key, "must be an http:// or https:// URL, got " + EntryParser.quote(v));
    }
    if (uri.getHost() == null) {
      throw top.error(key, "has no host name: " + EntryParser.quote(v));
    }
    if (uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw top.error(key, "must be a plain http://HOST:PORT URL without user, query or"
          + " fragment, got " + EntryParser.quote(v.replaceAll("//[^/@]*@", "//****@")));
    }
    if (!isLoopback(uri.getHost())) {
      if (!allowRemote) {
        throw top.error(key, "host " + uri.getHost() + " is not a loopback address; the"
            + " internal proxy has no authentication and must only listen on"
            + " 127.0.0.1 or ::1. Set \"allow_remote_internal_proxy\": true to"
            + " permit it anyway");
      }
      top.warn(key, "is not a loopback address (allowed by allow_remote_internal_proxy);"
          + " make sure nothing else can reach this unauthenticated proxy");
    }
    return uri;
  }

  /** Literal loopback hosts only: no DNS is done while loading the configuration. */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    if (h.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}")) {
      for (String part : h.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private static HostPort metricsBind(Section top) throws ConfigException {
    if (top.hasKey("metrics_bind") && !top.has("metrics_bind")) {
      return null; // explicit null: disabled
    }
    String v = top.string("metrics_bind");
    if (v == null) {
      return SyncConfig.DEFAULT_METRICS_BIND;
    }
    if (v.isEmpty()) {
      return null;
    }
    try {
      return HostPort.parse(v);
    } catch (IllegalArgumentException e) {
      throw top.error("metrics_bind", e.getMessage());
    }
  }
}
