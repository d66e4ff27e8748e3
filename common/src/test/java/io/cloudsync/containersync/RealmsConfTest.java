package io.cloudsync.containersync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RealmsConfTest {

  @Test
  void readsSwiftsSampleLayoutWithCaseInsensitiveRealmsAndClusters() {
    RealmsConf conf = RealmsConf.parse("""
        # comment
        [DEFAULT]
        mtime_check_interval = 2.5

        [realm1]
        key = realm1key
        key2 = realm1key2
        cluster_Clustername1 = https://host1/v1/
        cluster_clustername2: https://host2/v1/
        ; another comment
        [Realm2]
        key = realm2key
        """);
    assertThat(conf.mtimeCheckInterval()).isEqualTo(Duration.ofMillis(2500));
    assertThat(conf.key("REALM1")).hasValue("realm1key");
    assertThat(conf.realm("Realm1").orElseThrow().key2()).isEqualTo("realm1key2");
    assertThat(conf.endpoint("realm1", "CLUSTERNAME1")).hasValue("https://host1/v1/");
    assertThat(conf.endpoint("REALM1", "clusterName2")).hasValue("https://host2/v1/");
    assertThat(conf.endpoint("realm2", "clustername1")).isEmpty();
    assertThat(conf.key("realm3")).isEmpty();
    assertThat(conf.realm("realm1").orElseThrow().toString()).doesNotContain("realm1key");
  }

  @Test
  void defaultsAreInheritedAndTheIntervalDefaultsTo300Seconds() {
    RealmsConf conf = RealmsConf.parse("[DEFAULT]\ncluster_shared = http://h/v1/\n[r]\nkey = k\n");
    assertThat(conf.endpoint("r", "SHARED")).hasValue("http://h/v1/");
    assertThat(conf.mtimeCheckInterval()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void refusesWhatConfigParserRefuses() {
    assertThatThrownBy(() -> RealmsConf.parse("key = k\n")).hasMessageContaining("line 1");
    assertThatThrownBy(() -> RealmsConf.parse("[r]\nkey = a\nkey = b\n")).hasMessageContaining("twice");
    assertThatThrownBy(() -> RealmsConf.parse("[r]\n[r]\n")).hasMessageContaining("twice");
    assertThatThrownBy(() -> RealmsConf.parse("[r]\njust words\n")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> RealmsConf.parse("[DEFAULT]\nmtime_check_interval = soon\n"))
        .hasMessageContaining("mtime_check_interval");
  }
}
