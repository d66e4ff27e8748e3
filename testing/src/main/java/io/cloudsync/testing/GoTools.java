package io.cloudsync.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Test servers written in Go (Toxiproxy, fake-gcs-server), built from the Go module proxy into a
 * per-user cache the first time a test needs them. {@code go} comes from the PATH,
 * {@code /usr/local/go/bin}, or Debian's {@code golang-go} (installed when missing); Go fetches a
 * newer toolchain itself when a module needs one ({@code GOTOOLCHAIN=auto}). A build that fails
 * fails the test with Go's output: these tests never skip.
 */
public final class GoTools {
  private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "cloudsync-test-tools");

  private GoTools() {}

  /**
   * The binary of {@code module/cmd} at {@code version}, built if not cached.
   *
   * @param module e.g. {@code github.com/Shopify/toxiproxy/v2}
   * @param cmd the package path inside the module, e.g. {@code cmd/server}, or "" for the module root
   * @param version an exact module version, e.g. {@code v2.5.0}
   */
  public static synchronized Path binary(String module, String cmd, String version) {
    String name = (cmd.isEmpty() ? module.substring(module.lastIndexOf('/') + 1) : cmd.substring(cmd.lastIndexOf('/') + 1));
    Path bin = CACHE.resolve(module.replace('/', '_') + "@" + version);
    Path exe = bin.resolve(name);
    if (Files.isExecutable(exe)) {
      return exe;
    }
    String pkg = module + (cmd.isEmpty() ? "" : "/" + cmd) + "@" + version;
    Shell.Result result = Shell.exec(Duration.ofMinutes(10),
        Map.of("GOBIN", bin.toString(), "GOTOOLCHAIN", "auto", "GOFLAGS", "-buildvcs=false",
            "CGO_ENABLED", "0"),
        List.of(go(), "install", pkg));
    if (result.exitCode() != 0 || !Files.isExecutable(exe)) {
      throw new IllegalStateException("cannot build " + pkg + " with go (exit " + result.exitCode() + "):\n"
          + result.output());
    }
    return exe;
  }

  private static String go() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go"))) {
        return Path.of(dir, "go").toString();
      }
    }
    Path local = Path.of("/usr/local/go/bin/go");
    if (Files.isExecutable(local)) {
      return local.toString();
    }
    Shell.run(Duration.ofMinutes(10), Map.of("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get", "install", "-y", "--no-install-recommends", "golang-go");
    return "/usr/bin/go";
  }
}
