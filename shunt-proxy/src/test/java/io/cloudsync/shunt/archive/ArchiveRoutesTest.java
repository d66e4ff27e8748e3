package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.config.ConfigLoader;
import io.cloudsync.config.Protocol;
import io.cloudsync.config.SyncConfig;
import io.cloudsync.shunt.ShuntRoutes;
import io.cloudsync.store.UnsupportedTargetException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRoutesTest {
  @TempDir
  Path dir;

  private static String mapping(String container, String bucket, String extra) {
    return "{\"account\": \"AUTH_a\", \"container\": \"" + container + "\", \"aws_bucket\": \"" + bucket + "\","
        + " \"aws_endpoint\": \"http://127.0.0.1:9\", \"aws_identity\": \"id\", \"aws_secret\": \"secret\"" + extra + "}";
  }

  @Test
  void onlyMappingsWithoutPropagateDeleteAreRoutedExactContainerFirst() throws Exception {
    Path file = dir.resolve("sync.json");
    Files.writeString(file, "{\"containers\": ["
        + mapping("/*", "account-bucket", ", \"propagate_delete\": false") + ", "
        + mapping("special", "special-bucket", ", \"propagate_delete\": false, \"restore_object\": true") + ", "
        + mapping("synced", "sync-bucket", "") + ", "
        + "{\"account\": \"AUTH_a\", \"container\": \"to-swift\", \"protocol\": \"swift\", \"aws_bucket\": \"c\","
        + " \"aws_endpoint\": \"http://127.0.0.1:9/auth/v1.0\", \"aws_identity\": \"u\", \"aws_secret\": \"k\","
        + " \"propagate_delete\": false}"
        + "]}");
    SyncConfig config = new ConfigLoader().load(file);
    List<String> created = new ArrayList<>();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (ArchiveRoutes routes = ArchiveRoutes.fromConfig(config, ArchiveSettings.defaults(), group, (m, s) -> {
      if (m.protocol() != Protocol.S3) {
        throw new UnsupportedTargetException("no " + m.protocol().jsonName() + " reader");
      }
      created.add(m.awsBucket());
      return new FakeRemoteReader();
    })) {
      ShuntRoutes r = routes.routes();
      assertThat(created).containsExactly("account-bucket", "special-bucket");
      assertThat(r.lookup("AUTH_a", "special").orElseThrow().container()).isEqualTo("special");
      assertThat(r.lookup("AUTH_a", "anything").orElseThrow().container()).isEqualTo(ShuntRoutes.ALL_CONTAINERS);
      // a synced (propagate_delete) container under an account-wide archive route still matches "/*", as upstream
      assertThat(r.lookup("AUTH_a", "synced")).isPresent();
      assertThat(r.lookup("AUTH_b", "special")).isEmpty();
      assertThat(r.lookup("AUTH_a", "special").orElseThrow().reader()).isNotNull();
      assertThat(r.lookup("AUTH_a", "special").orElseThrow().splicer()).isNotNull();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMissingOrBrokenConfigMeansPassThrough() throws Exception {
    Path missing = dir.resolve("missing.json");
    ConfiguredShunt.Loaded loaded = ConfiguredShunt.load(missing);
    assertThat(loaded.ok()).isFalse();
    assertThat(loaded.problem()).contains("does not exist");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"containers\": [{\"acount\": \"typo\"}]}");
    assertThat(ConfiguredShunt.load(broken).ok()).isFalse();
    assertThat(ConfiguredShunt.load(broken).problem()).contains("broken.json");
  }
}
