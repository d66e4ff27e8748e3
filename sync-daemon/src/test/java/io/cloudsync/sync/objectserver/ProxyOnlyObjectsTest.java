package io.cloudsync.sync.objectserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProxyOnlyObjectsTest {
  @Test
  void plainObjectHeadersAreHarmless() {
    for (String name : new String[] {"Content-Type", "Content-Length", "ETag", "X-Timestamp", "Last-Modified",
        "X-Object-Meta-Color", "X-Backend-Timestamp", "X-Backend-Data-Timestamp", "X-Delete-At",
        "Content-Disposition", "X-Static-Large-Object"}) {
      assertThat(ProxyOnlyObjects.reason(name)).as(name).isNull();
    }
  }

  @Test
  void whatOnlyTheProxyPipelineTurnsIntoTheClientsObject() {
    assertThat(ProxyOnlyObjects.reason("X-Object-Sysmeta-Crypto-Body-Meta")).contains("encrypted");
    assertThat(ProxyOnlyObjects.reason("x-object-transient-sysmeta-crypto-meta-color")).contains("encrypted");
    assertThat(ProxyOnlyObjects.reason("X-Object-Sysmeta-Symlink-Target")).contains("symlink");
    assertThat(ProxyOnlyObjects.reason("X-Object-Manifest")).contains("DLO");
    assertThat(ProxyOnlyObjects.reason("X-Object-Sysmeta-Slo-Etag")).contains("x-object-sysmeta-slo-etag");
    assertThat(ProxyOnlyObjects.reason("X-Object-Transient-Sysmeta-Anything")).contains("system metadata");
  }
}
