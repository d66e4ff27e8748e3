package io.cloudsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.testing.ProjectLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/cloudsync}'s class-data-sharing archive (issue 19): the first one-shot run records it,
 * later runs map it, a daemon run never records one, and a damaged archive costs nothing but the
 * speed-up.
 */
class LauncherCdsIT {
  @TempDir
  Path dir;

  private record Result(int exit, String output) {}

  private Result run(Path cdsDir, String... args) throws IOException, InterruptedException {
    List<String> command = Stream.concat(Stream.of(ProjectLayout.root().resolve("bin/cloudsync").toString()),
        Stream.of(args)).toList();
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("CLOUDSYNC_CDS_DIR", cdsDir.toString());
    pb.environment().remove("CLOUDSYNC_CDS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private List<Path> archives(Path cdsDir) throws IOException {
    try (Stream<Path> files = Files.list(cdsDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
    }
  }

  @Test
  void theFirstOnceRunRecordsTheArchiveAndLaterRunsUseIt() throws Exception {
    Path cds = Files.createDirectories(dir.resolve("cds"));
    Files.createDirectories(dir.resolve("devices"));
    Path conf = Files.writeString(dir.resolve("sync.json"), """
        {"containers": [], "devices": "%s", "status_dir": "%s"}
        """.formatted(dir.resolve("devices"), dir.resolve("status")));

    Result status = run(cds, "status", "--config", conf.toString());
    assertThat(status.exit()).isZero();
    assertThat(archives(cds)).as("not a --once run: nothing recorded").isEmpty();

    Result once = run(cds, "sync", "--once", "--config", conf.toString());
    assertThat(once.exit()).as(once.output()).isZero();
    List<Path> recorded = archives(cds);
    assertThat(recorded).hasSize(1);
    assertThat(Files.size(recorded.get(0))).isGreaterThan(1 << 20);
    try (Stream<Path> left = Files.list(cds)) {
      assertThat(left.map(Path::getFileName).map(Path::toString)).as("no lock or temporary file left")
          .allMatch(n -> n.endsWith(".jsa"));
    }

    Result second = run(cds, "status", "--config", conf.toString());
    assertThat(second.exit()).isZero();
    assertThat(second.output()).isEqualTo(status.output());
    assertThat(archives(cds)).isEqualTo(recorded);

    Files.writeString(recorded.get(0), "not an archive");
    Result damaged = run(cds, "status", "--config", conf.toString());
    assertThat(damaged.exit()).isZero();
    assertThat(damaged.output()).as("a damaged archive is ignored silently").isEqualTo(status.output());
  }

  @Test
  void aBadCommandLineKeepsItsExitCodeWhileRecording() throws Exception {
    Path cds = Files.createDirectories(dir.resolve("cds2"));
    Result bad = run(cds, "sync", "--once", "--config", dir.resolve("missing.json").toString(), "--strict");
    assertThat(bad.exit()).as(bad.output()).isEqualTo(2);
  }
}
