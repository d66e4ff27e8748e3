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
 * Test servers written in Go (fake-gcs-server, Toxiproxy), built once per machine with
 * {@code go install} from the Go module proxy into a cache directory ({@code $CLOUDSYNC_CACHE} or
 * {@code ~/.cache/cloudsync}), under a file lock so concurrent builds (several Maven forks) do not
 * race, and moved into place atomically so a half-built binary is never used. Go is
 * {@code $CLOUDSYNC_GO}, {@code /usr/local/go/bin/go}, {@code go} on the PATH, or Debian's
 * {@code golang-go} (installed when none is found); with {@code GOTOOLCHAIN=auto} Go fetches a
 * newer toolchain itself when a module needs one. A failed build is an
 * {@link IllegalStateException} carrying Go's output: the tests fail, they never skip.
 */
public final class GoTools {
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);

  private GoTools() {}

  /**
   * The binary of a Go command, built first when the cache has none.
   *
   * @param name the cache folder's name, e.g. {@code toxiproxy} (the folder is {@code <name>-<version>})
   * @param module e.g. {@code github.com/Shopify/toxiproxy/v2}
   * @param cmd the package inside the module, e.g. {@code cmd/server}, or "" for the module root
   * @param version an exact module version
   */
  public static Path binary(String name, String module, String cmd, String version) {
    String pkg = cmd.isEmpty() ? module : module + "/" + cmd;
    Path dir = cacheDir().resolve(name + "-" + version);
    Path binary = dir.resolve(pkg.substring(pkg.lastIndexOf('/') + 1));
    if (Files.isExecutable(binary)) {
      return binary;
    }
    try {
      Files.createDirectories(dir);
      try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
          FileLock lock = lockFile.lock()) {
        if (!Files.isExecutable(binary)) {
          build(pkg + "@" + version, dir, binary);
        }
      }
      return binary;
    } catch (IOException e) {
      throw new IllegalStateException("cannot prepare " + dir + " for " + pkg + ": " + e.getMessage(), e);
    }
  }

  private static void build(String target, Path dir, Path binary) throws IOException {
    Path scratch = Files.createTempDirectory(dir, "gobin");
    String go = goCommand();
    Shell.Result result = Shell.exec(BUILD_TIMEOUT, Map.of("GOBIN", scratch.toString(), "GOFLAGS", "-mod=mod",
        "CGO_ENABLED", "0", "GOTOOLCHAIN", "auto"), List.of(go, "install", target));
    Path built = scratch.resolve(binary.getFileName());
    if (result.exitCode() != 0 || !Files.isExecutable(built)) {
      throw new IllegalStateException("building " + target + " with '" + go + " install' failed (exit "
          + result.exitCode() + "); the tests need it (README, prerequisites: Go and the Go module proxy)."
          + " Go said:\n" + result.output());
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
    if (Files.isExecutable(standard)) {
      return standard.toString();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
        return Path.of(dir, "go").toString();
      }
    }
    Shell.run(Duration.ofMinutes(10), Map.of("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get", "install", "-y", "--no-install-recommends", "golang-go");
    return "/usr/bin/go";
  }

  private static Path cacheDir() {
    String configured = System.getenv("CLOUDSYNC_CACHE");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "cloudsync");
  }
}
