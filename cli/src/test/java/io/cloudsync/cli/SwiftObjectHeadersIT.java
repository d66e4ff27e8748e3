package io.cloudsync.cli;

import static io.cloudsync.cli.ContainerSyncEquivalenceIT.listing;
import static io.cloudsync.cli.ContainerSyncEquivalenceIT.names;
import static io.cloudsync.cli.ContainerSyncEquivalenceIT.write;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.SwiftClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object headers Swift stores besides metadata ({@code Content-Encoding},
 * {@code Content-Disposition}, {@code X-Delete-At} (also as set by {@code X-Delete-After}),
 * {@code Cache-Control}, {@code Content-Language}, {@code Expires}, {@code X-Robots-Tag}) and
 * symlinks (dynamic and static) reach a remote Swift: in container-sync mode exactly as
 * {@code swift-container-sync} leaves them (same operations on container X, synced by Swift's
 * daemon, and Y, synced by cloudsync), and through a {@code protocol: swift} mapping as the local
 * object holds them, a later change (a POST, a re-pointed link) included.
 */
class SwiftObjectHeadersIT {
  /** What a HEAD with {@code ?symlink=get} says about the object itself. */
  static final List<String> KEPT = List.of("x-timestamp", "etag", "content-type", "content-length", "last-modified",
      "content-encoding", "content-disposition", "x-delete-at", "cache-control", "content-language", "expires",
      "x-robots-tag", "x-symlink-target", "x-symlink-target-account", "x-symlink-target-etag",
      "x-symlink-target-bytes", "x-static-large-object", "x-object-manifest");

  @TempDir
  Path dir;
  final List<Runnable> cleanup = new ArrayList<>();

  @AfterEach
  void clean() {
    cleanup.forEach(Runnable::run);
  }

  @Test
  void containerSyncModeCarriesStoredHeadersAndSymlinksAsSwiftsDaemonDoes() throws Exception {
    SyncFixture fx = new SyncFixture(dir);
    SwiftClient swift = fx.saio.client();
    SwiftClient remote = remote(fx);
    String realm = "//" + fx.saio.env("SWIFT_SYNC_REALM") + "/" + fx.saio.env("SWIFT_SYNC_CLUSTER");
    String x = unique("cs9-hdrx");
    String y = unique("cs9-hdry");
    String targets = unique("cs9-tgt");
    swift.createContainer(targets);
    byte[] targetBody = "the static link's target".getBytes(StandardCharsets.UTF_8);
    swift.put(targets, "t", targetBody, Map.of());
    String targetEtag = SyncFixture.md5Hex(targetBody);
    for (String c : List.of(x, y)) {
      swift.createContainer(c);
      remote.createContainer(c + "-r");
      remote.request("POST", c + "-r", null, Map.of("X-Container-Sync-Key", "k-hdr"), null);
      cleanup.add(() -> swift.request("POST", c, null, Map.of("X-Container-Sync-To", ""), null));
    }
    long deleteAt = System.currentTimeMillis() / 1000 + 86_400;
    double t0 = Math.floor(System.currentTimeMillis() / 1000.0) - 600;
    for (String c : List.of(x, y)) {
      write(fx, "PUT", c, "stored", t0 + 1, storedHeaders(deleteAt), "not really gzip");
      write(fx, "PUT", c, "after", t0 + 2, Map.of("X-Delete-After", "86400"), "expires in a day");
      write(fx, "PUT", c, "posted", t0 + 3, Map.of("Content-Disposition", "inline"), "post me");
      write(fx, "POST", c, "posted", t0 + 4, Map.of("Content-Disposition", "attachment; filename=\"p.txt\"",
          "Content-Encoding", "identity", "X-Object-Meta-Color", "red"), null);
      write(fx, "PUT", c, "link", t0 + 5, Map.of("X-Symlink-Target", targets + "/missing"), "");
      write(fx, "PUT", c, "static-link", t0 + 6, Map.of("X-Symlink-Target", targets + "/t",
          "X-Symlink-Target-Etag", targetEtag), "");
    }

    swift.request("POST", x, null, Map.of("X-Container-Sync-To", realm + "/AUTH_test2/" + x + "-r",
        "X-Container-Sync-Key", "k-hdr"), null);
    for (int node = 1; node <= 3; node++) {
      Process p = new ProcessBuilder("swift-container-sync",
          fx.saio.swiftDir().resolve("container-server").resolve(node + ".conf").toString(), "once")
          .redirectErrorStream(true).redirectOutput(dir.resolve("container-sync-" + node + ".log").toFile()).start();
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).isZero();
    }
    swift.request("POST", x, null, Map.of("X-Container-Sync-To", ""), null);

    swift.request("POST", y, null, Map.of("X-Container-Sync-To", realm + "/AUTH_test2/" + y + "-r",
        "X-Container-Sync-Key", "k-hdr"), null);
    ObjectNode conf = fx.config(1);
    conf.put("sync_to_header", true);
    SyncFixture.Run run = fx.syncOnce(fx.write("hdr.json", conf));
    assertThat(run.exitCode()).as(run.err()).isZero();

    JsonNode bySwift = listing(remote, x + "-r");
    JsonNode byCloudsync = listing(remote, y + "-r");
    assertThat(names(bySwift)).containsExactly("after", "link", "posted", "static-link", "stored");
    assertThat(byCloudsync).isEqualTo(bySwift);
    for (String name : names(bySwift)) {
      assertThat(headers(remote, y + "-r", name)).as(name).isEqualTo(headers(remote, x + "-r", name));
    }
    Map<String, String> stored = headers(remote, y + "-r", "stored");
    assertThat(stored).containsEntry("content-encoding", "gzip")
        .containsEntry("content-disposition", "attachment; filename=\"r.txt\"")
        .containsEntry("x-delete-at", String.valueOf(deleteAt)).containsEntry("cache-control", "max-age=60")
        .containsEntry("content-language", "de").containsEntry("x-robots-tag", "noindex");
    assertThat(headers(remote, y + "-r", "after").get("x-delete-at")).isNotNull()
        .isEqualTo(headers(swift, y, "after").get("x-delete-at"));
    assertThat(headers(remote, y + "-r", "posted")).containsEntry("content-disposition", "attachment; filename=\"p.txt\"")
        .containsEntry("content-encoding", "identity");
    assertThat(headers(remote, y + "-r", "link")).containsEntry("x-symlink-target", targets + "/missing")
        .containsEntry("content-length", "0");
    assertThat(headers(remote, y + "-r", "static-link")).containsEntry("x-symlink-target", targets + "/t")
        .containsEntry("x-symlink-target-etag", targetEtag)
        .containsEntry("x-symlink-target-bytes", String.valueOf(targetBody.length));
  }

  @Test
  void aSwiftMappingCarriesStoredHeadersAndSymlinksAndTheirChanges() throws Exception {
    SyncFixture fx = new SyncFixture(dir);
    SwiftClient swift = fx.saio.client();
    SwiftClient remote = remote(fx);
    String container = unique("cs9-hdrmap");
    String remoteContainer = unique("cs9-hdrmap-r");
    swift.createContainer(container);
    long deleteAt = System.currentTimeMillis() / 1000 + 86_400;
    byte[] body = "not really gzip".getBytes(StandardCharsets.UTF_8);
    swift.put(container, "stored", body, storedHeaders(deleteAt));
    swift.put(container, "after", body, Map.of("X-Delete-After", "86400"));
    swift.put(container, "target", "target body".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(container, "link", new byte[0], Map.of("X-Symlink-Target", remoteContainer + "/target"));
    ObjectNode m = fx.mapping(container, remoteContainer, fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
        fx.saio.env("SWIFT_KEY2"));
    m.put("protocol", "swift");
    Path conf = fx.write("hdrmap.json", fx.config(1, m));

    SyncFixture.Run first = fx.syncOnce(conf);

    assertThat(first.exitCode()).as(first.err()).isZero();
    for (String name : List.of("stored", "after", "target", "link")) {
      assertThat(carried(headers(remote, remoteContainer, name))).as(name)
          .isEqualTo(carried(headers(swift, container, name)));
    }
    assertThat(headers(remote, remoteContainer, "stored")).containsEntry("content-encoding", "gzip")
        .containsEntry("x-delete-at", String.valueOf(deleteAt));
    assertThat(headers(remote, remoteContainer, "link")).containsEntry("x-symlink-target", remoteContainer + "/target")
        .containsEntry("content-length", "0");
    HttpResponse<byte[]> through = remote.request("GET", remoteContainer, "link", Map.of(), null);
    assertThat(new String(through.body(), StandardCharsets.UTF_8)).isEqualTo("target body"); // the remote link works

    swift.post(container, "stored", Map.of("Content-Disposition", "inline", "Content-Type", "text/plain",
        "X-Object-Meta-Color", "blue")); // only the stored headers change
    swift.put(container, "link", new byte[0], Map.of("X-Symlink-Target", remoteContainer + "/stored"));
    SyncFixture.Run second = fx.syncOnce(conf);

    assertThat(second.exitCode()).as(second.err()).isZero();
    Map<String, String> after = headers(remote, remoteContainer, "stored");
    assertThat(after).containsEntry("content-disposition", "inline").doesNotContainKey("content-encoding");
    assertThat(carried(after)).isEqualTo(carried(headers(swift, container, "stored")));
    assertThat(headers(remote, remoteContainer, "link")).containsEntry("x-symlink-target", remoteContainer + "/stored");
  }

  static Map<String, String> storedHeaders(long deleteAt) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "text/plain");
    h.put("Content-Encoding", "gzip");
    h.put("Content-Disposition", "attachment; filename=\"r.txt\"");
    h.put("X-Delete-At", String.valueOf(deleteAt));
    h.put("Cache-Control", "max-age=60");
    h.put("Content-Language", "de");
    h.put("Expires", "Wed, 21 Oct 2037 07:28:00 GMT");
    h.put("X-Robots-Tag", "noindex");
    h.put("X-Object-Meta-Color", "blue");
    return h;
  }

  /**
   * test2:tester2's client. The shared SAIO answers a login 503 now and then while other suites
   * load it (error-limited nodes, a proxy restarted by a fault test): retried for up to 2 minutes.
   */
  static SwiftClient remote(SyncFixture fx) {
    AtomicReference<SwiftClient> client = new AtomicReference<>();
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(3)).ignoreExceptions().untilAsserted(() ->
        client.set(SwiftClient.login(fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
            fx.saio.env("SWIFT_KEY2"))));
    return client.get();
  }

  /** A HEAD with {@code ?symlink=get}: the object's own headers (a link's, not its target's). */
  static Map<String, String> headers(SwiftClient client, String container, String object) {
    Map<String, String> kept = new TreeMap<>();
    HttpResponse<byte[]> head = client.request("HEAD", client.url(container, object) + "?symlink=get", Map.of(), null);
    assertThat(head.statusCode()).as("HEAD %s/%s", container, object).isEqualTo(200);
    head.headers().map().forEach((k, v) -> {
      String key = k.toLowerCase(Locale.ROOT);
      if (key.startsWith("x-object-meta-") || KEPT.contains(key)) {
        kept.put(key, String.join(",", v));
      }
    });
    return kept;
  }

  /** What a mapping copies (it writes at the remote's own time, so no timestamps). */
  static Map<String, String> carried(Map<String, String> headers) {
    Map<String, String> out = new TreeMap<>(headers);
    out.keySet().removeAll(List.of("x-timestamp", "last-modified"));
    return out;
  }
}
