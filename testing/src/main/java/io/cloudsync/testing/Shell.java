package io.cloudsync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real command-line client (swift, aws, rclone, a script) and returns what it printed. */
public final class Shell {
  private Shell() {}

  /** The result of a finished command. */
  public record Result(int exitCode, String output) {
    public Result requireSuccess(List<String> command) {
      if (exitCode != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  public static Result run(Duration timeout, Map<String, String> env, String... command) {
    return exec(timeout, env, List.of(command)).requireSuccess(List.of(command));
  }

  public static Result exec(Duration timeout, Map<String, String> env, List<String> command) {
    try {
      Path out = Files.createTempFile("cmd", ".out");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }
}
