package io.cloudsync.crawler.syncto;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.crawler.support.Python;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container DBs written by Swift's own ContainerBroker, scanned for their sync headers. */
class SyncToScannerTest {
  private static final String MAKE = """
      import os, sys
      from swift.common.utils import Timestamp
      from swift.container.backend import ContainerBroker
      devices, name, to, key, extra, when = sys.argv[1:7]
      path = os.path.join(devices, 'sdb1', 'containers', '7', 'abc', name + 'abc', name + 'abc.db')
      os.makedirs(os.path.dirname(path), exist_ok=True)
      t = lambda s: Timestamp(s).internal
      b = ContainerBroker(path, account='AUTH_a', container=name)
      if not os.path.exists(path):
          b.initialize(t(1500000000), 0)
      meta = {}
      if to != '-': meta['X-Container-Sync-To'] = [to, t(float(when))]
      if key != '-': meta['X-Container-Sync-Key'] = [key, t(float(when))]
      if extra == 'versioned': meta['X-Container-Sysmeta-Versions-Container'] = ['v', t(1500000001)]
      b.update_metadata(meta)
      if extra == 'deleted': b.delete_db(t(1500000009))
      """;

  @TempDir
  Path devices;
  @TempDir
  Path status;

  private int writes;

  private void container(String name, String to, String key, String extra) {
    Python.run(MAKE, devices.toString(), name, to, key, extra, String.valueOf(1500000100 + ++writes));
  }

  @Test
  void findsContainersWithBothHeadersAndRereadsOnlyChangedDbs() throws Exception {
    container("synced", "//r/c/AUTH_b/x", "secret-key", "-");
    container("tonly", "//r/c/AUTH_b/y", "-", "-");
    container("versioned", "//r/c/AUTH_b/z", "k", "versioned");
    container("gone", "//r/c/AUTH_b/w", "k", "deleted");
    container("plain", "-", "-", "-");
    Path cache = status.resolve(".sync-to-scan");

    assertThat(new SyncToScanner(devices, cache).scan()).containsExactlyInAnyOrder(
        new SyncToContainer("AUTH_a", "synced", "//r/c/AUTH_b/x", "secret-key", false),
        new SyncToContainer("AUTH_a", "versioned", "//r/c/AUTH_b/z", "k", true));
    assertThat(Files.readString(cache)).contains("plainabc.db").doesNotContain("secret-key").doesNotContain("synced");

    container("plain", "//r/c/AUTH_b/p", "k2", "-"); // a container POST rewrites the DB in place
    container("synced", "", "secret-key", "-");
    assertThat(new SyncToScanner(devices, cache).scan()).containsExactlyInAnyOrder(
        new SyncToContainer("AUTH_a", "plain", "//r/c/AUTH_b/p", "k2", false),
        new SyncToContainer("AUTH_a", "versioned", "//r/c/AUTH_b/z", "k", true));
  }
}
