package io.cloudsync.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The key sets of the four kinds of objects in {@code sync.json}. Immutable constants. */
final class Keys {

  private Keys() {
  }

  private static final String ONESPACE =
      " is a 1space option that cloudsync does not implement; remove it"
      + " (it changes what is synced, so it is not silently ignored)";

  private static final String KEYSTONE_V2 = "Keystone v2 (tenant_name) is not supported;"
      + " use Keystone v3: \"auth_version\": 3 with project_name, project_domain_name"
      + " and user_domain_name";

  /** Top level of sync.json. */
  static final KeySet TOP = new KeySet("the top level", Set.of(
      // swift-s3-sync 0.1.24 and container-crawler 0.0.12 .. 0.1.6
      "containers", "devices", "status_dir", "items_chunk", "workers", "poll_interval",
      "log_file", "log_level", "console", "http_proxy", "https_proxy", "bulk_process",
      "internal_client_path", "internal_client_logname", "swift_dir", "migrations",
      "migrator_settings", "migrator_config", "verification_slack",
      "enumerator_workers", "swift_bind_ip",
      // cloudsync additions
      "swift_bind_port", "internal_proxy_url", "allow_remote_internal_proxy",
      "metrics_bind", "max_deletes_per_pass", "dry_run", "direct_object_reads", "health_max_lag",
      "sync_to_header", "realms_conf", "allowed_sync_hosts",
      // 1space observability options: accepted, ignored with a warning
      "syslog", "statsd_host", "statsd_port", "statsd_prefix"),
      Map.of());

  /** One entry of containers[]. */
  static final KeySet MAPPING = new KeySet("containers[] entries", Set.of(
      "account", "container", "protocol", "aws_bucket", "aws_endpoint", "aws_identity",
      "aws_secret", "remote_account", "copy_after", "retain_local", "propagate_delete",
      "restore_object", "encryption", "custom_prefix", "gcs_credentials",
      "listing_duplicates", "auth_version", "auth_type", "project_name",
      "project_domain_name", "user_domain_name", "region_name", "sync_to_header", "storage_policy"),
      Map.ofEntries(
          Map.entry("tenant_name", KEYSTONE_V2),
          Map.entry("remote_delete", "no such key in swift-s3-sync or 1space;"
              + " deletes are propagated according to \"propagate_delete\""),
          Map.entry("selection_criteria", "selection_criteria" + ONESPACE),
          Map.entry("exclude_pattern", "exclude_pattern" + ONESPACE),
          Map.entry("retain_local_segments", "retain_local_segments" + ONESPACE),
          Map.entry("remote_delete_after", "remote_delete_after" + ONESPACE),
          Map.entry("propagate_expiration", "propagate_expiration" + ONESPACE),
          Map.entry("propagate_expiration_offset",
              "propagate_expiration_offset" + ONESPACE),
          Map.entry("convert_dlo", "convert_dlo" + ONESPACE),
          Map.entry("min_segment_size", "min_segment_size" + ONESPACE),
          Map.entry("aws_session_token", "aws_session_token" + ONESPACE),
          Map.entry("sync_container_metadata", "sync_container_metadata" + ONESPACE),
          Map.entry("sync_container_acl", "sync_container_acl" + ONESPACE)));

  /** One entry of migrations[]. */
  static final KeySet MIGRATION = new KeySet("migrations[] entries", Set.of(
      "account", "aws_bucket", "container", "protocol", "aws_endpoint", "aws_identity",
      "aws_secret", "remote_account", "prefix", "workers", "encryption",
      "auth_version", "auth_type", "project_name", "project_domain_name",
      "user_domain_name", "region_name"),
      Map.of(
          "tenant_name", KEYSTONE_V2,
          "storage_policy", "storage_policy" + ONESPACE,
          "propagate_account_metadata", "propagate_account_metadata" + ONESPACE,
          "older_than", "older_than" + ONESPACE,
          "custom_prefix", "custom_prefix" + ONESPACE,
          "aws_session_token", "aws_session_token" + ONESPACE));

  /** migrator_settings (or migrator_config). */
  static final KeySet MIGRATOR = new KeySet("migrator_settings", Set.of(
      "status_file", "items_chunk", "process", "processes", "workers", "log_file",
      "log_level", "poll_interval", "console", "statsd_prefix"),
      Map.of(
          "segment_size", "segment_size" + ONESPACE,
          "ring_name", "ring_name" + ONESPACE));

  /** All key sets, to tell where a misplaced key belongs. */
  static final List<KeySet> ALL = List.of(TOP, MAPPING, MIGRATION, MIGRATOR);
}
