package io.cloudsync.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Swift all-in-one (three nodes on 127.0.0.1-3) that integration tests run against.
 * {@link #get()} runs the project's own {@code test-container/saio-up.sh} once per JVM (it is
 * idempotent: installs packages when missing, starts what is not running, returns in about half a
 * second when everything is up) under a file lock, so concurrent builds do not race, and reads
 * the environment the script prints.
 */
public final class Saio {
  private static final Object LOCK = new Object();
  private static final String LOCK_FILE = "/tmp/cloudsync-saio.lock";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(15);
  private static Saio instance;

  private final Map<String, String> env;

  private Saio(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Starts the SAIO if needed and describes it. */
  public static Saio get() {
    synchronized (LOCK) {
      if (instance == null) {
        instance = start();
      }
      return instance;
    }
  }

  private static Saio start() {
    Path script = ProjectLayout.root().resolve("test-container/saio-up.sh");
    try {
      Path log = Files.createTempFile("saio-up", ".log");
      // -o: the servers the script starts must not inherit the lock's descriptor, or the lock
      // stays held for as long as Swift runs and the next JVM's call waits forever.
      Process process = new ProcessBuilder(
              List.of("flock", "-o", LOCK_FILE, "bash", script.toString()))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      if (!process.waitFor(START_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        throw new IllegalStateException("saio-up.sh did not finish within " + START_TIMEOUT.toMinutes()
            + " min (is another process holding " + LOCK_FILE + "?); its output so far:\n"
            + Files.readString(log));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("saio-up.sh failed with exit code " + process.exitValue()
            + "; its output:\n" + Files.readString(log));
      }
      String dir = System.getenv().getOrDefault("SAIO_DIR", "/tmp/saio");
      return new Saio(parseEnv(Files.readString(Path.of(dir, "saio.env"))));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the SAIO", e);
    }
  }

  static Map<String, String> parseEnv(String text) {
    Map<String, String> values = new HashMap<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (!l.startsWith("export ")) {
        continue;
      }
      int eq = l.indexOf('=');
      String key = l.substring("export ".length(), eq);
      String value = l.substring(eq + 1);
      if (value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      values.put(key, value);
    }
    return values;
  }

  public String env(String key) {
    String value = env.get(key);
    if (value == null) {
      throw new IllegalStateException("saio.env has no " + key);
    }
    return value;
  }

  public Path dir() {
    return Path.of(env("SAIO_DIR"));
  }

  /** {@code swift_dir}: swift.conf and the rings. */
  public Path swiftDir() {
    return Path.of(env("SWIFT_CONF_DIR"));
  }

  /** {@code devices} of node {@code n} (1-3): {@code <devices>/sdbN/containers/...}. */
  public Path devices(int node) {
    return dir().resolve("srv/" + node + "/node");
  }

  public String bindIp(int node) {
    return "127.0.0." + node;
  }

  public int containerPort(int node) {
    return 6200 + node * 10 + 1;
  }

  public String proxyUrl() {
    return env("SWIFT_PROXY_URL");
  }

  public String internalProxyUrl() {
    return env("SWIFT_INTERNAL_PROXY_URL");
  }

  public String account() {
    return env("SWIFT_ACCOUNT");
  }

  /** A client for the public proxy, authenticated as {@code test:tester} (admin of AUTH_test). */
  public SwiftClient client() {
    return SwiftClient.login(env("SWIFT_AUTH_URL"), env("SWIFT_USER"), env("SWIFT_KEY"));
  }

  /**
   * Runs the real {@code swift} command-line client (python3-swiftclient) as {@code test:tester}.
   * Use it for anything with non-ASCII header values: java.net.http cannot send those.
   */
  public String swiftCli(String... args) {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("swift"));
    command.addAll(java.util.List.of(args));
    return Shell.exec(Duration.ofMinutes(5),
        Map.of("ST_AUTH", env("ST_AUTH"), "ST_USER", env("ST_USER"), "ST_KEY", env("ST_KEY")), command)
        .requireSuccess(command).output();
  }

  /** Plain HTTP GET returning the status code, for readiness checks. */
  static int status(String url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return response.statusCode();
  }
}
