package io.cloudsync.store.swift;

import io.cloudsync.config.Secret;
import io.cloudsync.store.StoreAddress;
import io.cloudsync.store.StoreBackend;
import io.cloudsync.testing.Saio;
import io.cloudsync.testing.SwiftClient;
import java.net.URI;
import java.nio.file.Path;

/**
 * The "remote Swift cluster" of the ITs: account {@code AUTH_test2} ({@code test2:tester2}) of the
 * Swift all-in-one, with a plain HTTP client of its own to check what it holds, and the
 * {@link SwiftStore} backend on it. Stores are per-account ({@code container: "/*"}): the
 * fixture's bucket is the prefix of the remote container names, so each local container has a
 * remote container of its own, as the backend-neutral contracts expect of a store.
 */
record SwiftServer(URI authUrl, String user, String key, SwiftClient plain) implements StoreBackend {
  static final String USER = "test2:tester2";
  static final String KEY = "testing2";

  static SwiftServer saio() {
    Saio saio = Saio.get();
    String authUrl = saio.env("SWIFT_AUTH_URL");
    return new SwiftServer(URI.create(authUrl), USER, KEY, SwiftClient.login(authUrl, USER, KEY));
  }

  /** The proxy's access log: one line per request, with the client's User-Agent. */
  static Path proxyLog() {
    return Saio.get().dir().resolve("log/proxy-server.log");
  }

  @Override
  public String name() {
    return "Swift (SAIO, AUTH_test2)";
  }

  @Override
  public StoreAddress address(String bucket) {
    return new StoreAddress(authUrl, bucket, key);
  }

  /** Settings of a store at {@code address}: per-account, or one remote container. */
  SwiftSettings settings(StoreAddress address, boolean perAccount) {
    return new SwiftSettings(address.endpoint(), user, Secret.of(address.secret()), null, address.bucket(),
        perAccount, 4);
  }

  @Override
  public SwiftStore open(StoreAddress address) {
    return new SwiftStore(settings(address, true));
  }

  @Override
  public SwiftInspector inspect(String bucket) {
    return new SwiftInspector(plain, bucket);
  }
}
