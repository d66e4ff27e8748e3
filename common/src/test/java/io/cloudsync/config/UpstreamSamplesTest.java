package io.cloudsync.config;

import static io.cloudsync.config.ConfigFixtures.loader;
import static io.cloudsync.config.ConfigFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Configuration files written for swift-s3-sync 0.1.24 and container-crawler load unchanged. */
class UpstreamSamplesTest {

  @Test
  void syncJsonSampleParsesWithMigratorConfigAlias() throws Exception {
    SyncConfig c = loader().parse(resource("sync.json-sample"), "sync.json-sample");

    assertThat(c.containers()).hasSize(1);
    MappingConfig m = c.containers().get(0);
    assertThat(m.account()).isEqualTo("AUTH_swift");
    assertThat(m.container()).isEqualTo("local");
    assertThat(m.protocol()).isEqualTo(Protocol.SWIFT);
    assertThat(m.awsBucket()).isEqualTo("remote");
    assertThat(m.awsEndpoint()).isEqualTo("http://192.168.22.99/auth/v1.0");
    assertThat(m.awsIdentity()).isEqualTo("swift");
    assertThat(m.awsSecret().reveal()).isEqualTo("swift");
    assertThat(m.archive()).isTrue();
    assertThat(m.shunted()).isTrue();
    assertThat(m.copyAfter()).isZero();

    MigrationConfig mig = c.migrations().get(0);
    assertThat(mig.allBuckets()).isTrue();
    assertThat(mig.remoteAccount()).isEqualTo("AUTH_test2");
    assertThat(mig.protocol()).isEqualTo(Protocol.SWIFT);
    assertThat(mig.workers()).isEqualTo(10);

    MigratorSettings ms = c.migratorSettings();
    assertThat(ms).isNotNull();
    assertThat(ms.statusFile()).isEqualTo(Path.of("/var/lib/swift-s3-migrator/migrator.status"));
    assertThat(ms.processes()).isEqualTo(1);
    assertThat(ms.process()).isZero();
    assertThat(ms.itemsChunk()).isEqualTo(1000);
    assertThat(ms.pollInterval()).isEqualTo(Duration.ofSeconds(5));

    assertThat(c.devices()).isEqualTo(Path.of("/srv/node"));
    assertThat(c.logFile()).isEqualTo(Path.of("/var/log/swift-s3-sync.log"));
    assertThat(c.workers()).isEqualTo(10);
    assertThat(c.warnings()).singleElement().asString()
        .startsWith("sync.json-sample: migrator_config: ")
        .contains("migrator_settings");
  }

  @Test
  void integrationTestConfigParses() throws Exception {
    SyncConfig c = loader().parse(resource("swift-s3-sync.conf"), "swift-s3-sync.conf");

    assertThat(c.containers()).extracting(MappingConfig::container).containsExactly(
        "sync-s3", "archive-s3", "s3-restore", "sync-swift", "archive-swift",
        "swift-restore");
    MappingConfig restore = c.containers().get(2);
    assertThat(restore.copyAfter()).isEqualTo(3600);
    assertThat(restore.restoreObject()).isTrue();
    assertThat(restore.shunted()).isTrue();
    assertThat(restore.isAmazon()).isFalse();
    assertThat(c.containers().get(0).archive()).isFalse();
    assertThat(c.containers().get(0).shunted()).isFalse();
    assertThat(c.migrations()).extracting(MigrationConfig::container)
        .containsExactly("migration-s3", "migration-swift");
    assertThat(c.migratorSettings().pollInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.migratorSettings().logFile())
        .isEqualTo(Path.of("/var/log/swift-s3-migrator.log"));
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.devices()).isEqualTo(Path.of("/swift/nodes/1/node"));
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void targetIdsOfTheIntegrationMappings() throws Exception {
    SyncConfig c = loader().parse(resource("swift-s3-sync.conf"), "swift-s3-sync.conf");
    // the three S3 mappings share one bucket: one target, three local containers
    assertThat(c.containers()).extracting(MappingConfig::targetId).hasSize(6)
        .containsOnlyOnce(c.containers().get(3).targetId(),
            c.containers().get(4).targetId(), c.containers().get(5).targetId());
    assertThat(c.containers().get(0).targetId()).isEqualTo(c.containers().get(1).targetId())
        .isEqualTo(c.containers().get(2).targetId())
        .isNotEqualTo(c.containers().get(3).targetId());
  }

  @Test
  void everyCrawlerKeyIsAccepted() throws Exception {
    SyncConfig c = loader().parse(resource("crawler-keys.json"), "crawler-keys.json");

    assertThat(c.containers().get(0).perAccount()).isTrue();
    assertThat(c.itemsChunk()).isEqualTo(500);
    assertThat(c.workers()).isEqualTo(20);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.logLevel()).isEqualTo(LogLevel.DEBUG);
    assertThat(c.bulkProcess()).isFalse();
    assertThat(c.internalClientPath()).isEqualTo(Path.of("/etc/swift/internal-client.conf"));
    assertThat(c.internalClientLogname()).isEqualTo("ContainerCrawler");
    assertThat(c.verificationSlack()).isEqualTo(Duration.ofHours(1));
    assertThat(c.enumeratorWorkers()).isEqualTo(4);
    assertThat(c.swiftBindIp()).isEqualTo("10.0.0.5");
    assertThat(c.httpProxy()).isEqualTo(URI.create("http://proxy.example.com:3128"));
    assertThat(c.httpsProxy()).isEqualTo(URI.create("http://proxy.example.com:3129"));
    // http_proxy/https_proxy are in effect (EgressProxy), so they draw no warning.
    assertThat(c.warnings()).hasSize(2);
    assertThat(c.warnings()).allSatisfy(w -> assertThat(w)
        .contains("ignored: cloudsync reads objects through internal_proxy_url;"
            + " add encryption filters to the internal proxy pipeline"));
    assertThat(c.warnings().get(0)).startsWith("crawler-keys.json: internal_client_path: ");
  }
}
