package io.cloudsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.config.Protocol;
import io.cloudsync.config.Secret;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EgressProxyTest {
  private static final URI HTTP = URI.create("http://proxy:3128");
  private static final URI HTTPS = URI.create("http://u:p%40ss@proxy:3129");

  @Test
  void theProxyIsChosenByTheEndpointsScheme() {
    EgressProxy both = new EgressProxy(HTTP, HTTPS);
    assertThat(both.forEndpoint(URI.create("http://s3.local:9000"))).contains(HTTP);
    assertThat(both.forEndpoint(URI.create("HTTPS://s3.example.com"))).contains(HTTPS);
    assertThat(both.forEndpoint(null)).as("Amazon S3's default endpoint is https").contains(HTTPS);
    assertThat(new EgressProxy(HTTP, null).forEndpoint(URI.create("https://s3.example.com"))).isEmpty();
    assertThat(EgressProxy.NONE.forEndpoint(URI.create("http://x"))).isEmpty();
    assertThat(EgressProxy.NONE.isNone()).isTrue();
  }

  @Test
  void credentialsAreReadButNeverShown() {
    assertThat(EgressProxy.user(HTTPS)).isEqualTo("u");
    assertThat(EgressProxy.password(HTTPS)).isEqualTo("p@ss");
    assertThat(EgressProxy.user(HTTP)).isNull();
    assertThat(new EgressProxy(HTTP, HTTPS).toString()).doesNotContain("p@ss").doesNotContain("u:")
        .contains("http://****@proxy:3129");
  }

  @Test
  void aTargetCarriesTheProxyForItsEndpoint() {
    RemoteTarget target = new RemoteTarget(Protocol.S3, URI.create("http://127.0.0.1:9000"), "b", "id",
        Secret.of("k"), null, false, 2);
    assertThat(target.proxyUri()).isEmpty();
    assertThat(target.withProxy(new EgressProxy(HTTP, HTTPS)).proxyUri()).contains(HTTP);
  }
}
