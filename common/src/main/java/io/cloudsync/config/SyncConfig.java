package io.cloudsync.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The whole {@code sync.json}: every key of swift-s3-sync 0.1.24 and of container-crawler
 * (0.0.12 to 0.1.6) with the same meaning and unit, plus cloudsync's additions (README, Configuration).
 * Build it with {@link ConfigLoader}. Nullable components are marked; everything else has a
 * default. {@link #toString()} never shows secrets.
 *
 * @param containers {@code containers}: sync mappings, default empty
 * @param devices {@code devices}, default {@code /srv/node}
 * @param statusDir {@code status_dir}, default {@code /var/lib/swift-s3-sync}
 * @param itemsChunk {@code items_chunk}: rows per DB query, default 1000
 * @param workers {@code workers}: concurrent object transfers, default 32 (upstream 10)
 * @param pollInterval {@code poll_interval}, seconds in JSON (fractions allowed), default 5
 * @param logFile {@code log_file}, nullable
 * @param logLevel {@code log_level}, default info
 * @param httpProxy {@code http_proxy}, nullable; a value without scheme gets {@code http://}
 * @param httpsProxy {@code https_proxy}, nullable; likewise
 * @param bulkProcess {@code bulk_process}: always false ({@code true} is rejected: swift-s3-sync
 *     never supported it)
 * @param internalClientPath {@code internal_client_path}: accepted and ignored (warning), nullable
 * @param internalClientLogname {@code internal_client_logname}: accepted and ignored (warning), nullable
 * @param swiftDir {@code swift_dir}, default {@code /etc/swift}
 * @param migrations {@code migrations}, default empty
 * @param migratorSettings {@code migrator_settings} (or {@code migrator_config}), nullable
 * @param verificationSlack {@code verification_slack}, MINUTES in JSON (fractions allowed), default 1
 * @param enumeratorWorkers {@code enumerator_workers}: containers in parallel, default 10
 * @param swiftBindIp {@code swift_bind_ip}: IP literal; null (also for {@code 0.0.0.0}/{@code ::}) = all local IPs
 * @param swiftBindPort {@code swift_bind_port}: nullable = any port
 * @param internalProxyUrl {@code internal_proxy_url}, default {@code http://127.0.0.1:8081};
 *     loopback unless {@code allowRemoteInternalProxy}
 * @param allowRemoteInternalProxy {@code allow_remote_internal_proxy}, default false
 * @param metricsBind {@code metrics_bind}, default {@code 127.0.0.1:9811}; null when the key is
 *     {@code ""} or JSON null, meaning no metrics/health/status HTTP listener
 * @param maxDeletesPerPass {@code max_deletes_per_pass}, nullable = unlimited
 * @param dryRun {@code dry_run}, default false
 * @param directObjectReads {@code direct_object_reads}, default false: GET plain objects of
 *     replicated policies straight from their object servers, the internal proxy only for the rest
 * @param healthMaxLag {@code health_max_lag} (seconds in JSON), nullable = none: {@code /healthz}
 *     answers 503 while a container's lag exceeds it
 * @param containerSync {@code sync_to_header}, {@code realms_conf}, {@code allowed_sync_hosts}
 * @param warnings problems that did not stop loading (ignored keys, aliases, duplicate keys,
 *     settings without effect), each naming file and key; log them at start-up
 */
public record SyncConfig(
    List<MappingConfig> containers,
    Path devices,
    Path statusDir,
    int itemsChunk,
    int workers,
    Duration pollInterval,
    Path logFile,
    LogLevel logLevel,
    URI httpProxy,
    URI httpsProxy,
    boolean bulkProcess,
    Path internalClientPath,
    String internalClientLogname,
    Path swiftDir,
    List<MigrationConfig> migrations,
    MigratorSettings migratorSettings,
    Duration verificationSlack,
    int enumeratorWorkers,
    String swiftBindIp,
    Integer swiftBindPort,
    URI internalProxyUrl,
    boolean allowRemoteInternalProxy,
    HostPort metricsBind,
    Integer maxDeletesPerPass,
    boolean dryRun,
    boolean directObjectReads,
    Duration healthMaxLag,
    ContainerSyncSettings containerSync,
    List<String> warnings) {

  /** Where upstream installs the file and where the CLI looks by default. */
  public static final Path DEFAULT_PATH = Path.of("/etc/swift-s3-sync/sync.json");
  public static final Path DEFAULT_DEVICES = Path.of("/srv/node");
  public static final Path DEFAULT_STATUS_DIR = Path.of("/var/lib/swift-s3-sync");
  public static final Path DEFAULT_SWIFT_DIR = Path.of("/etc/swift");
  public static final int DEFAULT_ITEMS_CHUNK = 1000;
  public static final int DEFAULT_WORKERS = 32;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_VERIFICATION_SLACK = Duration.ofMinutes(1);
  public static final int DEFAULT_ENUMERATOR_WORKERS = 10;
  public static final URI DEFAULT_INTERNAL_PROXY_URL = URI.create("http://127.0.0.1:8081");
  public static final HostPort DEFAULT_METRICS_BIND = new HostPort("127.0.0.1", 9811);

  public SyncConfig {
    containers = List.copyOf(containers);
    migrations = List.copyOf(migrations);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(devices, "devices");
    Objects.requireNonNull(statusDir, "statusDir");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(swiftDir, "swiftDir");
    Objects.requireNonNull(verificationSlack, "verificationSlack");
    Objects.requireNonNull(internalProxyUrl, "internalProxyUrl");
    Objects.requireNonNull(containerSync, "containerSync");
    if (itemsChunk < 1 || workers < 1 || enumeratorWorkers < 1) {
      throw new IllegalArgumentException("items_chunk, workers and enumerator_workers must be >= 1");
    }
    if (bulkProcess) {
      throw new IllegalArgumentException("bulk_process is not supported");
    }
  }
}
