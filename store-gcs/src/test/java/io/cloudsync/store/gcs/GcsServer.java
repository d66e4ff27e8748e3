package io.cloudsync.store.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.cloudsync.store.ReaderBackend;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreAddress;
import io.cloudsync.store.StoreBackend;
import io.cloudsync.testing.FakeGcs;
import io.cloudsync.testing.FakeGcsTokens;
import java.net.URI;

/**
 * fake-gcs-server with the loopback token endpoint it lacks: the native GCS store and reader sign
 * in with a generated service-account key whose {@code token_uri} is {@link FakeGcsTokens}, so the
 * whole key path runs; a plain client without credentials (the emulator checks none) seeds and
 * inspects the buckets. The address's secret is the key's JSON; any other secret (the contracts'
 * "wrong secret") becomes a key the token endpoint never issued.
 */
record GcsServer(FakeGcs gcs, FakeGcsTokens tokens, FakeGcsTokens.ServiceAccount account, Storage plain)
    implements StoreBackend, ReaderBackend, AutoCloseable {

  static GcsServer start() {
    FakeGcs gcs = FakeGcs.start();
    FakeGcsTokens tokens = FakeGcsTokens.start();
    return new GcsServer(gcs, tokens, tokens.newKey("cloudsync-it"), plainClient(gcs.endpoint()));
  }

  /** The emulator's own view, without credentials, as a user of the bucket would read it. */
  static Storage plainClient(URI endpoint) {
    return StorageOptions.newBuilder().setHost(endpoint.toString()).setProjectId("test")
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  URI endpoint() {
    return gcs.endpoint();
  }

  GcsSettings settings(StoreAddress address, String customPrefix, int maxConnections) {
    String json = address.secret().startsWith("{") ? address.secret() : tokens.unknownKey().json();
    return new GcsSettings(address.endpoint(), address.bucket(), json, customPrefix, maxConnections);
  }

  @Override
  public String name() {
    return "fake-gcs-server";
  }

  @Override
  public StoreAddress address(String bucket) {
    return new StoreAddress(gcs.endpoint(), bucket, account.json());
  }

  @Override
  public RemoteStore open(StoreAddress address) {
    return new GcsStore(settings(address, null, 4));
  }

  @Override
  public GcsInspector inspect(String bucket) {
    return new GcsInspector(plain, bucket);
  }

  @Override
  public GcsRemoteReader openReader(StoreAddress address, int maxConnections) {
    return new GcsRemoteReader(settings(address, null, maxConnections));
  }

  @Override
  public GcsSeeder seed(String bucket) {
    return new GcsSeeder(plain, bucket);
  }

  @Override
  public void close() {
    try {
      plain.close();
    } catch (Exception e) {
      // the emulator goes anyway
    }
    tokens.close();
    gcs.close();
  }
}
