package io.cloudsync.containersync;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.containersync.SyncTo.Invalid;
import io.cloudsync.containersync.SyncTo.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncToResolverTest {
  private static final RealmsConf REALMS = RealmsConf.parse("[saio]\nkey = rk\ncluster_saio_endpoint = http://127.0.0.1:8080/v1/\n");
  private static final List<String> HOSTS = List.of("127.0.0.1");

  private static SyncTo resolve(String value) {
    return SyncToResolver.resolve(value, REALMS, HOSTS);
  }

  @Test
  void realmFormResolvesThroughTheRealmsFile() {
    assertThat(resolve("//saio/SAIO_endpoint/AUTH_test2/c2/"))
        .isEqualTo(new Target("http://127.0.0.1:8080/v1/AUTH_test2/c2", "SAIO", "rk"));
  }

  @Test
  void realmFormErrorsAreSwifts() {
    assertThat(resolve("//saio/saio_endpoint/AUTH_test2")).isEqualTo(
        new Invalid("Invalid X-Container-Sync-To format '//saio/saio_endpoint/AUTH_test2'"));
    assertThat(resolve("//other/saio_endpoint/a/c")).isEqualTo(new Invalid("No realm key for 'other'"));
    assertThat(resolve("//saio/elsewhere/a/c")).isEqualTo(new Invalid("No cluster endpoint for 'saio' 'elsewhere'"));
  }

  @Test
  void legacyUrlsNeedAnAllowedHostAPathAndNothingElse() {
    assertThat(resolve("http://127.0.0.1:8080/v1/AUTH_b/c"))
        .isEqualTo(new Target("http://127.0.0.1:8080/v1/AUTH_b/c", null, null));
    assertThat(resolve("https://example.com/v1/a/c")).isInstanceOf(Invalid.class)
        .extracting(s -> ((Invalid) s).reason()).asString().contains("Invalid host 'example.com'");
    assertThat(resolve("ftp://127.0.0.1/v1/a/c")).isInstanceOf(Invalid.class);
    assertThat(resolve("http://127.0.0.1")).isEqualTo(new Invalid("Path required in X-Container-Sync-To"));
    assertThat(resolve("http://127.0.0.1/v1/a/c?x=1")).isEqualTo(
        new Invalid("Params, queries, and fragments not allowed in X-Container-Sync-To"));
  }

  @Test
  void anEmptyValueDisablesSync() {
    assertThat(resolve("/")).isInstanceOf(SyncTo.Disabled.class);
  }
}
