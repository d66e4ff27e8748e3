package io.cloudsync.config;

import static io.cloudsync.config.ConfigFixtures.mapping;
import static io.cloudsync.config.ConfigFixtures.oneMigration;
import static io.cloudsync.config.ConfigFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every default, top level, mapping, migration and migrator settings. */
class DefaultsTest {

  @Test
  void emptyObjectGivesAllTopLevelDefaults() throws Exception {
    SyncConfig c = parse("{}");
    assertThat(c.containers()).isEmpty();
    assertThat(c.devices()).isEqualTo(Path.of("/srv/node"));
    assertThat(c.statusDir()).isEqualTo(Path.of("/var/lib/swift-s3-sync"));
    assertThat(c.itemsChunk()).isEqualTo(1000);
    assertThat(c.workers()).isEqualTo(32);
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.logFile()).isNull();
    assertThat(c.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(c.httpProxy()).isNull();
    assertThat(c.httpsProxy()).isNull();
    assertThat(c.bulkProcess()).isFalse();
    assertThat(c.internalClientPath()).isNull();
    assertThat(c.internalClientLogname()).isNull();
    assertThat(c.swiftDir()).isEqualTo(Path.of("/etc/swift"));
    assertThat(c.migrations()).isEmpty();
    assertThat(c.migratorSettings()).isNull();
    assertThat(c.verificationSlack()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.enumeratorWorkers()).isEqualTo(10);
    assertThat(c.swiftBindIp()).isNull();
    assertThat(c.swiftBindPort()).isNull();
    assertThat(c.internalProxyUrl()).isEqualTo(URI.create("http://127.0.0.1:8081"));
    assertThat(c.allowRemoteInternalProxy()).isFalse();
    assertThat(c.metricsBind()).isEqualTo(new HostPort("127.0.0.1", 9811));
    assertThat(c.maxDeletesPerPass()).isNull();
    assertThat(c.dryRun()).isFalse();
    assertThat(c.directObjectReads()).isFalse();
    assertThat(c.warnings()).singleElement().asString().contains("nothing to do");
  }

  @Test
  void mappingDefaults() throws Exception {
    MappingConfig m = mapping("");
    assertThat(m.protocol()).isEqualTo(Protocol.S3);
    assertThat(m.awsEndpoint()).isNull();
    assertThat(m.isAmazon()).isTrue();
    assertThat(m.isGoogle()).isFalse();
    assertThat(m.remoteAccount()).isNull();
    assertThat(m.copyAfter()).isZero();
    assertThat(m.retainLocal()).isTrue();
    assertThat(m.propagateDelete()).isTrue();
    assertThat(m.restoreObject()).isFalse();
    assertThat(m.encryption()).isTrue();
    assertThat(m.customPrefix()).isNull();
    assertThat(m.listingDuplicates()).isEqualTo(ListingDuplicates.ONCE);
    assertThat(m.authVersion()).isNull();
    assertThat(m.keystone()).isNull();
    assertThat(m.perAccount()).isFalse();
    assertThat(m.archive()).isFalse();
    assertThat(m.shunted()).isFalse();
    assertThat(m.policy()).isEqualTo(new Policy(0, true, true));
  }

  @Test
  void migrationAndMigratorDefaults() throws Exception {
    SyncConfig c = parse(oneMigration(""));
    MigrationConfig m = c.migrations().get(0);
    assertThat(m.container()).isEqualTo("src");
    assertThat(m.protocol()).isEqualTo(Protocol.S3);
    assertThat(m.awsEndpoint()).isNull();
    assertThat(m.remoteAccount()).isNull();
    assertThat(m.prefix()).isNull();
    assertThat(m.workers()).isEqualTo(10);
    assertThat(m.allBuckets()).isFalse();
    MigratorSettings s = c.migratorSettings();
    assertThat(s.itemsChunk()).isEqualTo(1000);
    assertThat(s.process()).isZero();
    assertThat(s.processes()).isEqualTo(1);
    assertThat(s.workers()).isEqualTo(10);
    assertThat(s.logFile()).isNull();
    assertThat(s.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void migratorPollIntervalFallsBackToTopLevel() throws Exception {
    SyncConfig c = parse("{\"poll_interval\": 7, \"migrator_settings\":"
        + " {\"status_file\": \"/s\"}}");
    assertThat(c.migratorSettings().pollInterval()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void nullMeansAbsent() throws Exception {
    SyncConfig c = parse("{\"workers\": null, \"log_file\": null, \"containers\": null}");
    assertThat(c.workers()).isEqualTo(32);
    assertThat(c.logFile()).isNull();
    assertThat(c.containers()).isEmpty();
  }

  @Test
  void metricsBindEmptyOrNullDisables() throws Exception {
    assertThat(parse("{\"metrics_bind\": \"\"}").metricsBind()).isNull();
    assertThat(parse("{\"metrics_bind\": null}").metricsBind()).isNull();
    assertThat(parse("{\"metrics_bind\": \"[::1]:9900\"}").metricsBind())
        .isEqualTo(new HostPort("::1", 9900));
    assertThat(parse("{\"metrics_bind\": \"0.0.0.0:0\"}").metricsBind().toString())
        .isEqualTo("0.0.0.0:0");
  }

  @Test
  void verificationSlackIsInMinutes() throws Exception {
    assertThat(parse("{\"verification_slack\": 0}").verificationSlack()).isZero();
    assertThat(parse("{\"verification_slack\": 2.5}").verificationSlack())
        .isEqualTo(Duration.ofSeconds(150));
  }

  @Test
  void wildcardBindIpMeansAll() throws Exception {
    assertThat(parse("{\"swift_bind_ip\": \"0.0.0.0\"}").swiftBindIp()).isNull();
    assertThat(parse("{\"swift_bind_ip\": \"::\"}").swiftBindIp()).isNull();
    SyncConfig c = parse("{\"swift_bind_ip\": \"127.0.0.2\", \"swift_bind_port\": 6211}");
    assertThat(c.swiftBindIp()).isEqualTo("127.0.0.2");
    assertThat(c.swiftBindPort()).isEqualTo(6211);
  }

  @Test
  void cloudsyncAdditions() throws Exception {
    SyncConfig c = parse("{\"max_deletes_per_pass\": 100, \"dry_run\": true,"
        + " \"internal_proxy_url\": \"http://[::1]:8081\", \"log_level\": \"warn\","
        + " \"direct_object_reads\": true}");
    assertThat(c.directObjectReads()).isTrue();
    assertThat(c.maxDeletesPerPass()).isEqualTo(100);
    assertThat(c.dryRun()).isTrue();
    assertThat(c.internalProxyUrl()).isEqualTo(URI.create("http://[::1]:8081"));
    assertThat(c.logLevel()).isEqualTo(LogLevel.WARNING);
  }

  @Test
  void numericStringsAreAcceptedLikePythonInt() throws Exception {
    MappingConfig m = mapping("\"copy_after\": \"3600\"");
    assertThat(m.copyAfter()).isEqualTo(3600);
    assertThat(parse("{\"items_chunk\": 500.0}").itemsChunk()).isEqualTo(500);
  }
}
