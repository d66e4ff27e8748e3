package io.cloudsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerSyncConfigTest {

  @Test
  void offByDefaultWithSwiftsDefaults() throws Exception {
    SyncConfig conf = ConfigFixtures.parse("{\"swift_dir\": \"/etc/sw\", " + ConfigFixtures.oneMapping("").substring(1));
    assertThat(conf.containerSync()).isEqualTo(new ContainerSyncSettings(false,
        Path.of("/etc/sw/container-sync-realms.conf"), List.of("127.0.0.1")));
  }

  @Test
  void topLevelSwitchWithItsTwoKeysAndNoMappings() throws Exception {
    SyncConfig conf = ConfigFixtures.parse("{\"sync_to_header\": true, \"realms_conf\": \"/r.conf\","
        + " \"allowed_sync_hosts\": [\"127.0.0.1\", \"Sync.Example\"]}");
    assertThat(conf.containerSync()).isEqualTo(new ContainerSyncSettings(true, Path.of("/r.conf"),
        List.of("127.0.0.1", "sync.example")));
    assertThat(conf.warnings()).noneMatch(w -> w.contains("nothing to do"));
  }

  @Test
  void itsKeysWithoutTheSwitchAreRefused() {
    assertThat(ConfigFixtures.error("{\"realms_conf\": \"/r.conf\"}", "realms_conf").getMessage())
        .contains("sync_to_header");
    assertThat(ConfigFixtures.error("{\"sync_to_header\": false, \"allowed_sync_hosts\": [\"h\"]}",
        "allowed_sync_hosts").getMessage()).contains("sync_to_header");
    ConfigFixtures.error("{\"sync_to_header\": true, \"allowed_sync_hosts\": \"127.0.0.1\"}", "allowed_sync_hosts");
    ConfigFixtures.error("{\"sync_to_header\": \"yes\"}", "sync_to_header");
  }

  @Test
  void insideAMappingItNamesTheTopLevelKey() {
    assertThat(ConfigFixtures.error(ConfigFixtures.oneMapping("\"sync_to_header\": true"),
        "containers[0].sync_to_header").getMessage()).contains("top level");
  }
}
