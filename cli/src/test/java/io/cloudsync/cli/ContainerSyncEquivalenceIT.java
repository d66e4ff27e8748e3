package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.SwiftClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cloudsync's container-sync mode against Swift's own daemon: the same operations, with the same
 * X-Timestamps (through the internal proxy, which keeps client timestamps), on container X and on
 * container Y. X is synced by {@code swift-container-sync <conf> once} on each SAIO node while Y
 * has no header yet; then Y gets its header and cloudsync syncs it. The remote copies must list and
 * answer alike.
 */
class ContainerSyncEquivalenceIT {
  @TempDir
  Path dir;
  final List<Runnable> unsync = new ArrayList<>();

  @AfterEach
  void removeSyncHeaders() {
    unsync.forEach(Runnable::run);
  }

  @Test
  void swiftsDaemonAndCloudsyncLeaveTheSameRemoteContainer() throws Exception {
    SyncFixture fx = new SyncFixture(dir);
    SwiftClient swift = fx.saio.client();
    SwiftClient remote = SwiftClient.login(fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
        fx.saio.env("SWIFT_KEY2"));
    String realm = "//" + fx.saio.env("SWIFT_SYNC_REALM") + "/" + fx.saio.env("SWIFT_SYNC_CLUSTER");
    String x = unique("csync-eqx");
    String y = unique("csync-eqy");
    for (String c : List.of(x, y)) {
      swift.createContainer(c);
      remote.createContainer(c + "-r");
      remote.request("POST", c + "-r", null, Map.of("X-Container-Sync-Key", "k-eq"), null);
      unsync.add(() -> swift.request("POST", c, null, Map.of("X-Container-Sync-To", ""), null));
    }
    double t0 = Math.floor(System.currentTimeMillis() / 1000.0) - 600;
    for (String c : List.of(x, y)) {
      write(fx, "PUT", c, "a", t0 + 1, Map.of("X-Object-Meta-Color", "blue", "Content-Type", "text/plain"), "alpha");
      write(fx, "PUT", c, "zero", t0 + 2, Map.of(), "");
      write(fx, "PUT", c, "gone", t0 + 3, Map.of(), "soon deleted");
      write(fx, "DELETE", c, "gone", t0 + 4, Map.of(), null);
      write(fx, "PUT", c, "posted", t0 + 5, Map.of("X-Object-Meta-Color", "green"), "post me");
      write(fx, "POST", c, "posted", t0 + 6, Map.of("X-Object-Meta-Color", "red", "X-Object-Meta-Extra", "1",
          "Content-Type", "text/x-later"), null);
      write(fx, "PUT", c, "ünï/cødé ☃", t0 + 7, Map.of("Content-Type", "application/json"), "{}");
    }

    swift.request("POST", x, null, Map.of("X-Container-Sync-To", realm + "/AUTH_test2/" + x + "-r",
        "X-Container-Sync-Key", "k-eq"), null);
    for (int node = 1; node <= 3; node++) {
      Process p = new ProcessBuilder("swift-container-sync",
          fx.saio.swiftDir().resolve("container-server").resolve(node + ".conf").toString(), "once")
          .redirectErrorStream(true).redirectOutput(dir.resolve("container-sync-" + node + ".log").toFile()).start();
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).isZero();
    }
    swift.request("POST", x, null, Map.of("X-Container-Sync-To", ""), null); // cloudsync never touches X

    swift.request("POST", y, null, Map.of("X-Container-Sync-To", realm + "/AUTH_test2/" + y + "-r",
        "X-Container-Sync-Key", "k-eq"), null);
    ObjectNode conf = fx.config(1);
    conf.put("sync_to_header", true);
    SyncFixture.Run run = fx.syncOnce(fx.write("eq.json", conf));
    assertThat(run.exitCode()).as(run.err()).isZero();

    JsonNode bySwift = listing(remote, x + "-r");
    JsonNode byCloudsync = listing(remote, y + "-r");
    assertThat(names(bySwift)).containsExactly("a", "posted", "zero", "ünï/cødé ☃");
    assertThat(byCloudsync).isEqualTo(bySwift);
    for (String name : names(bySwift)) {
      assertThat(headers(remote, y + "-r", name)).as(name).isEqualTo(headers(remote, x + "-r", name));
    }
  }

  /** One write through the internal proxy, which keeps the client's X-Timestamp. */
  static void write(SyncFixture fx, String method, String container, String object, double time,
      Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fx.saio.internalProxyUrl() + "/v1/"
        + fx.saio.account() + "/" + SwiftClient.encodePath(container) + "/" + SwiftClient.encodePath(object)))
        .header("X-Timestamp", String.format(Locale.ROOT, "%.5f", time));
    headers.forEach(request::header);
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as("%s %s/%s: %s", method, container, object, answer.body()).isBetween(200, 299);
  }

  static JsonNode listing(SwiftClient client, String container) throws Exception {
    JsonNode entries = SyncFixture.JSON.readTree(client.request("GET", client.url(container, null) + "?format=json",
        Map.of(), null).body());
    for (JsonNode entry : entries) {
      ((ObjectNode) entry).retain("name", "hash", "bytes", "content_type", "last_modified");
    }
    return entries;
  }

  static List<String> names(JsonNode listing) {
    List<String> names = new ArrayList<>();
    listing.forEach(e -> names.add(e.get("name").asText()));
    return names;
  }

  /** What a HEAD says about the object itself (not the transaction). */
  static Map<String, String> headers(SwiftClient client, String container, String object) {
    Map<String, String> kept = new TreeMap<>();
    client.request("HEAD", container, object, Map.of(), null).headers().map().forEach((k, v) -> {
      String key = k.toLowerCase(Locale.ROOT);
      if (key.startsWith("x-object-meta-") || List.of("x-timestamp", "etag", "content-type", "content-length",
          "last-modified").contains(key)) {
        kept.put(key, String.join(",", v));
      }
    });
    return kept;
  }
}
