package io.cloudsync.store.swift;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.config.Secret;
import io.cloudsync.store.ContainerSyncTarget;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The path a container-sync request is sent to is the one the receiving proxy signs ({@code req.path}). */
class SignedContainerTest {

  @Test
  void pathsAreCanonicalPercentEncodingWithSlashesKept() {
    assertThat(SignedContainer.canonical("/v1/AUTH_b/c2")).isEqualTo("/v1/AUTH_b/c2");
    assertThat(SignedContainer.canonical("/v1/AUTH_b/my%20c")).isEqualTo("/v1/AUTH_b/my%20c");
    assertThat(SignedContainer.canonical("/v1/AUTH_b/caf%c3%a9~x")).isEqualTo("/v1/AUTH_b/caf%C3%A9~x");
    assertThat(SignedContainer.canonical("/v1/AUTH_b/%7Etilde")).isEqualTo("/v1/AUTH_b/~tilde");
  }

  @Test
  void objectNamesAreQuotedAsPythonsQuoteDoes() {
    ContainerSyncTarget target = new ContainerSyncTarget(URI.create("http://127.0.0.1:8080/v1/AUTH_b/c"),
        Secret.of("k"), "SAIO", Secret.of("rk"), 1);
    try (SignedContainer container = new SignedContainer(target)) {
      assertThat(container.path("ünï/cødé ☃")).isEqualTo("/v1/AUTH_b/c/%C3%BCn%C3%AF/c%C3%B8d%C3%A9%20%E2%98%83");
      assertThat(container.path("odd ?#&;%20 name")).isEqualTo("/v1/AUTH_b/c/odd%20%3F%23%26%3B%2520%20name");
      assertThat(container.path("a//b")).isEqualTo("/v1/AUTH_b/c/a//b");
      assertThat(container.path(null)).isEqualTo("/v1/AUTH_b/c");
      assertThat(container.url("x").toString()).isEqualTo("http://127.0.0.1:8080/v1/AUTH_b/c/x");
    }
  }
}
