package io.cloudsync.containersync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncSignatureTest {

  @Test
  void matchesSwiftsTestVector() {
    // UPSTREAM.md §4.2: key realm1key, PUT /v1/AUTH_b/c2/o 1500000000.00000 nonce secret
    assertThat(SyncSignature.sign("PUT", "/v1/AUTH_b/c2/o", "1500000000.00000", "nonce", "realm1key", "secret"))
        .isEqualTo("5fee79a09ad33f5528e3204965cd12aa2b693c74");
  }

  @Test
  void theHeaderCarriesRealmNonceAndTheSignatureOverThatNonce() {
    String header = SyncSignature.header("SAIO", "DELETE", "/v1/AUTH_b/c/%E2%98%83", "1500000000.00000_0000000000000001",
        "rk", "uk");
    String[] parts = header.split(" ");
    assertThat(parts).hasSize(3);
    assertThat(parts[0]).isEqualTo("SAIO");
    assertThat(parts[1]).matches("[0-9a-f]{32}");
    assertThat(parts[2]).isEqualTo(SyncSignature.sign("DELETE", "/v1/AUTH_b/c/%E2%98%83",
        "1500000000.00000_0000000000000001", parts[1], "rk", "uk"));
    assertThat(SyncSignature.header("SAIO", "DELETE", "/p", "0", "rk", "uk").split(" ")[1]).isNotEqualTo(parts[1]);
  }
}
