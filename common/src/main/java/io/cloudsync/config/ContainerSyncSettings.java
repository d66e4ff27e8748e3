package io.cloudsync.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Swift container-sync compatibility (SPEC §7): containers configured with
 * {@code X-Container-Sync-To} and {@code X-Container-Sync-Key} are synced without a mapping.
 *
 * @param syncToHeader {@code sync_to_header}, default false
 * @param realmsConf {@code realms_conf}, default {@code <swift_dir>/container-sync-realms.conf}
 * @param allowedSyncHosts {@code allowed_sync_hosts}: hosts allowed in full-URL
 *     {@code X-Container-Sync-To} values (Swift's container-server option), default {@code 127.0.0.1}
 */
public record ContainerSyncSettings(boolean syncToHeader, Path realmsConf, List<String> allowedSyncHosts) {
  public static final String REALMS_FILE = "container-sync-realms.conf";
  public static final List<String> DEFAULT_ALLOWED_SYNC_HOSTS = List.of("127.0.0.1");

  public ContainerSyncSettings {
    Objects.requireNonNull(realmsConf, "realmsConf");
    allowedSyncHosts = List.copyOf(allowedSyncHosts);
  }

  /** Off, with the defaults for {@code swiftDir}. */
  public static ContainerSyncSettings off(Path swiftDir) {
    return new ContainerSyncSettings(false, swiftDir.resolve(REALMS_FILE), DEFAULT_ALLOWED_SYNC_HOSTS);
  }
}
