package io.cloudsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.ProjectLayout;
import io.cloudsync.testing.Saio;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The README's first command in the docker all-in-one's mode ({@code QS_SERVE=1}, the image's
 * entrypoint): the demo syncs its sample objects, then the daemon keeps syncing, the shunt serves
 * Swift, and SIGTERM stops every process it started.
 */
class QuickstartIT {
  @TempDir
  Path work;

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void theAllInOneSyncsServesAndStops() throws Exception {
    Saio saio = Saio.get();
    int s3Port = freePort();
    int shuntPort = freePort();
    int metricsPort = freePort();
    Path log = work.resolve("quickstart.out");
    ProcessBuilder pb = new ProcessBuilder("bash", ProjectLayout.root().resolve("quickstart.sh").toString())
        .directory(ProjectLayout.root().toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(java.util.Map.of(
        "QS_SERVE", "1", "QS_SKIP_BUILD", "1", "QS_WORK", work.resolve("qs").toString(),
        "QS_S3_PORT", Integer.toString(s3Port), "QS_SHUNT_LISTEN", "127.0.0.1:" + shuntPort,
        "QS_METRICS_PORT", Integer.toString(metricsPort), "QS_SHUNT_METRICS_PORT", Integer.toString(freePort())));
    Process quickstart = pb.start();
    List<ProcessHandle> started = List.of();
    try (S3Client s3 = EmbeddedS3.client(URI.create("http://127.0.0.1:" + s3Port), "quickstart", "quickstart-secret")) {
      await("the demo's three objects in the bucket and the shunt answering").atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
          .untilAsserted(() -> {
            assertThat(quickstart.isAlive()).as("quickstart still running; output:%n%s", output(log)).isTrue();
            assertThat(keys(s3)).anyMatch(k -> k.endsWith("/quickstart/héllo wörld ☯.txt"))
                .anyMatch(k -> k.endsWith("/quickstart/empty object"))
                .anyMatch(k -> k.endsWith("/quickstart/data/random.bin"));
            assertThat(get("http://127.0.0.1:" + shuntPort + "/info", null).statusCode()).isEqualTo(200);
          });
      started = quickstart.descendants().toList();

      String token = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + shuntPort + "/auth/v1.0"))
              .header("X-Auth-User", "test:tester").header("X-Auth-Key", "testing").build(),
          HttpResponse.BodyHandlers.discarding()).headers().firstValue("X-Auth-Token").orElseThrow();
      String name = "served-" + System.nanoTime();
      String url = "http://127.0.0.1:" + shuntPort + "/v1/" + saio.account() + "/quickstart/" + name;
      byte[] body = ("written through the shunt " + name).getBytes(StandardCharsets.UTF_8);
      HttpResponse<Void> put = http.send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token)
          .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(put.statusCode()).isEqualTo(201);
      await("the running daemon copies the new object").atMost(Duration.ofMinutes(2))
          .untilAsserted(() -> assertThat(keys(s3)).anyMatch(k -> k.endsWith("/quickstart/" + name)));
      HttpResponse<byte[]> read = get(url, token);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).isEqualTo(body);
      HttpResponse<byte[]> metrics = get("http://127.0.0.1:" + metricsPort + "/metrics", null);
      assertThat(new String(metrics.body(), StandardCharsets.UTF_8)).contains("cloudsync_");
    } finally {
      quickstart.destroy();
    }
    assertThat(started).as("the daemon, the shunt and S3Proxy run under the script").hasSizeGreaterThanOrEqualTo(2);
    await("SIGTERM stops the script and everything it started").atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> {
          assertThat(quickstart.isAlive()).isFalse();
          assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
              .contains(work.toString()))).as("processes started by the quickstart").isEmpty();
        });
  }

  private List<String> keys(S3Client s3) {
    try {
      return s3.listObjectsV2Paginator(b -> b.bucket("quickstart")).contents().stream().map(S3Object::key).toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private HttpResponse<byte[]> get(String url, String token) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("X-Auth-Token", token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String output(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
