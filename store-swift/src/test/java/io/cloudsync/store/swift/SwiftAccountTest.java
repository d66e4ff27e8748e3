package io.cloudsync.store.swift;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SwiftAccountTest {

  @Test
  void anotherAccountReplacesTheLastPathSegmentOfTheStorageUrl() {
    assertThat(SwiftAccount.withAccount(URI.create("http://127.0.0.1:8080/v1/AUTH_test"), "AUTH_test2"))
        .isEqualTo(URI.create("http://127.0.0.1:8080/v1/AUTH_test2"));
    assertThat(SwiftAccount.withAccount(URI.create("https://swift.example.com/object/v1/AUTH_a/"), "AUTH_b"))
        .isEqualTo(URI.create("https://swift.example.com/object/v1/AUTH_b"));
    assertThat(SwiftAccount.withAccount(URI.create("http://h/v1/AUTH_a"), "AUTH ü"))
        .isEqualTo(URI.create("http://h/v1/AUTH%20%C3%BC"));
  }
}
