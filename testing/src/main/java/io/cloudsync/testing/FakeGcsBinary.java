package io.cloudsync.testing;

import java.nio.file.Path;

/**
 * The fake-gcs-server binary, built once per machine from the Go module proxy by {@link GoTools}
 * (cached, under a file lock; a failed build fails the GCS tests, they never skip).
 */
public final class FakeGcsBinary {
  /** The emulator version the tests are written against (TEST-SERVERS.md). */
  public static final String VERSION = "v1.56.1";
  static final String MODULE = "github.com/fsouza/fake-gcs-server";

  private FakeGcsBinary() {}

  /** The binary, built first when the cache has none ({@link GoTools}). */
  public static Path ensure() {
    return GoTools.binary("fake-gcs-server", MODULE, "", VERSION);
  }
}
