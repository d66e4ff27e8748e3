package io.cloudsync.crawler.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python 3 with Swift's own libraries (Debian's python3-swift lives in /usr/bin/python3, not
 * in a pyenv python that may come first on PATH), so tests compare against Swift itself.
 */
public final class Python {
  private static final List<String> CANDIDATES = List.of("/usr/bin/python3", "python3");

  private Python() {
  }

  /** Probed once per JVM. */
  private static final class Found {
    static final String INTERPRETER = find();
  }

  /** The interpreter that can import swift; the test is skipped (not passed) when there is none. */
  public static String interpreter() {
    assumeTrue(Found.INTERPRETER != null, "no python3 with python3-swift found in " + CANDIDATES);
    return Found.INTERPRETER;
  }

  private static String find() {
    for (String candidate : CANDIDATES) {
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import swift.common.utils").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException e) {
        // try the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return null;
  }

  /** Runs {@code script} with {@code args}; returns stdout, fails with stderr on a non-zero exit. */
  public static String run(String script, String... args) {
    try {
      Path file = Files.createTempFile("crawler-test", ".py");
      try {
        Files.writeString(file, script, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(interpreter(), file.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        Path err = Files.createTempFile("crawler-test", ".err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
          throw new AssertionError("python failed (" + process.exitValue() + "):\n" + Files.readString(err));
        }
        Files.deleteIfExists(err);
        return out;
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run python: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
