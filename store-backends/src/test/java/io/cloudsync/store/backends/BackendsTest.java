package io.cloudsync.store.backends;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.config.KeystoneV3;
import io.cloudsync.config.ListingDuplicates;
import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.Protocol;
import io.cloudsync.config.Secret;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.RemoteTarget;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.store.swift.SwiftReader;
import io.cloudsync.store.swift.SwiftStore;
import org.junit.jupiter.api.Test;

class BackendsTest {

  private static MappingConfig swift(Integer authVersion, KeystoneV3 keystone) {
    return new MappingConfig("AUTH_a", "/*", Protocol.SWIFT, "archive-", "http://127.0.0.1:9/auth/v1.0", "u",
        Secret.of("k"), "AUTH_b", 0, true, true, false, true, null, ListingDuplicates.ONCE, authVersion, keystone);
  }

  @Test
  void aSwiftMappingGetsTheSwiftStoreAndReaderWithoutConnecting() throws Exception {
    RemoteTarget target = RemoteTarget.of(swift(null, null), 2);
    try (RemoteStore store = new Backends().store(target); RemoteReader reader = new Backends().reader(target)) {
      assertThat(store).isInstanceOf(SwiftStore.class);
      assertThat(store.features()).contains(StoreFeature.METADATA_UPDATE_WITHOUT_BODY);
      assertThat(store.describe()).contains("archive-<container>").contains("AUTH_b");
      assertThat(reader).isInstanceOf(SwiftReader.class);
      assertThat(reader.features()).contains(StoreFeature.REVERSE_LISTING);
      assertThat(reader.contentLocation("AUTH_a", "c")).isEqualTo("http://127.0.0.1:9/auth/v1.0;u;archive-c");
    }
  }

  @Test
  void aKeystoneV3MappingGetsTheSwiftStoreAndReaderWithoutConnecting() throws Exception {
    RemoteTarget target = RemoteTarget.of(swift(3, new KeystoneV3("p", "d", "ud", null)), 2);
    assertThat(target.authVersion()).isEqualTo(3);
    try (RemoteStore store = new Backends().store(target); RemoteReader reader = new Backends().reader(target)) {
      assertThat(store).isInstanceOf(SwiftStore.class);
      assertThat(reader).isInstanceOf(SwiftReader.class);
    }
  }
}
