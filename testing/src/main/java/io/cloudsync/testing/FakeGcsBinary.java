package io.cloudsync.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The fake-gcs-server binary, built once per machine with {@code go install} from the Go module
 * proxy into a cache directory ({@code $CLOUDSYNC_CACHE} or {@code ~/.cache/cloudsync}), under a
 * file lock so concurrent builds (several Maven forks) do not race. Go is found as
 * {@code $CLOUDSYNC_GO}, {@code /usr/local/go/bin/go} or {@code go} on the PATH. A failed build is
 * an {@link IllegalStateException} carrying Go's output: the GCS tests fail, they never skip.
 */
public final class FakeGcsBinary {
  /** The emulator version the tests are written against (TEST-SERVERS.md). */
  public static final String VERSION = "v1.56.1";
  static final String MODULE = "github.com/fsouza/fake-gcs-server";
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

  private FakeGcsBinary() {}

  /** The binary, built first when the cache has none. */
  public static Path ensure() {
    Path dir = cacheDir().resolve("fake-gcs-server-" + VERSION);
    Path binary = dir.resolve("fake-gcs-server");
    if (Files.isExecutable(binary)) {
      return binary;
    }
    try {
      Files.createDirectories(dir);
      try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        if (!Files.isExecutable(binary)) {
          build(dir, binary);
        }
      }
      return binary;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare " + dir + " for fake-gcs-server: " + e.getMessage(), e);
    }
  }

  /** {@code go install} into a scratch GOBIN, then an atomic move, so a half-built binary is never used. */
  private static void build(Path dir, Path binary) throws IOException {
    Path scratch = Files.createTempDirectory(dir, "gobin");
    String go = goCommand();
    Shell.Result result = Shell.exec(BUILD_TIMEOUT, Map.of("GOBIN", scratch.toString(), "GOFLAGS", "-mod=mod",
        "CGO_ENABLED", "0"), List.of(go, "install", MODULE + "@" + VERSION));
    Path built = scratch.resolve("fake-gcs-server");
    if (result.exitCode() != 0 || !Files.isExecutable(built)) {
      throw new IllegalStateException("building fake-gcs-server " + VERSION + " with '" + go + " install " + MODULE
          + "@" + VERSION + "' failed (exit " + result.exitCode() + "); the native GCS tests need it (README,"
          + " prerequisites: Go and the Go module proxy). Go said:\n" + result.output());
    }
    Files.move(built, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(scratch);
  }

  private static String goCommand() {
    String configured = System.getenv("CLOUDSYNC_GO");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Path standard = Path.of("/usr/local/go/bin/go");
    return Files.isExecutable(standard) ? standard.toString() : "go";
  }

  private static Path cacheDir() {
    String configured = System.getenv("CLOUDSYNC_CACHE");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "cloudsync");
  }
}
