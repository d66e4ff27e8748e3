package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.ShardRange;
import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.testing.Shell;
import io.cloudsync.testing.SwiftClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container that Swift's own sharder has sharded, synced by the daemons of the three SAIO nodes
 * to a remote Swift ({@code protocol: swift}, AUTH_test2): the remote container ends up holding
 * exactly the live objects with their ETags, rows read from the shard DBs included (writes before
 * sharding, overwrites and deletes after it, which land in the shards). Swift's own
 * container-sync ignores shard DBs.
 */
class ShardedToSwiftIT {
  static final int NODES = 3;
  static final int OBJECTS = 400;
  static final String PYTHON = "/usr/bin/python3";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;
  SyncFixture fx;
  String container;
  final Map<String, byte[]> live = new ConcurrentHashMap<>();

  @Test
  void aShardedContainerSyncsToARemoteSwiftWithExactlyItsLiveObjects() throws Exception {
    fx = new SyncFixture(dir);
    SwiftClient swift = fx.saio.client();
    SwiftClient remote = SwiftObjectHeadersIT.remote(fx);
    container = unique("cs9-shard");
    String remoteContainer = container + "-r";
    swift.createContainer(container);
    put(names(0, OBJECTS), "v1");
    delete(names(0, 20));

    manage("find_and_replace", "100", "--enable", "--force");
    for (int round = 0; round < 4 && !rootsSharded(); round++) {
      for (int n = 1; n <= NODES; n++) {
        sharder(n);
      }
    }
    assertThat(rootsSharded()).as("every root replica sharded: only <hash>_<epoch>.db").isTrue();
    assertThat(shardContainers()).as("shard containers").hasSizeGreaterThanOrEqualTo(3);
    put(names(20, 40), "v2"); // deleted before sharding, written again into the shards
    put(names(200, 220), "v2"); // overwrites, in the shards
    delete(names(300, 330));
    put(names(OBJECTS, OBJECTS + 20), "v2");
    objectUpdaters(); // updates a sharded root redirected are delivered to the shards

    List<Path> confs = new ArrayList<>();
    for (int node = 1; node <= NODES; node++) {
      ObjectNode m = fx.mapping(container, remoteContainer, fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
          fx.saio.env("SWIFT_KEY2"));
      m.put("protocol", "swift");
      ObjectNode c = fx.config(node, m);
      c.put("verification_slack", 60); // owners only: every row is in every replica of its DB
      c.put("workers", 8);
      c.put("items_chunk", 500);
      confs.add(fx.write("node" + node + ".json", c));
    }
    Map<String, String> expected = new TreeMap<>();
    live.forEach((name, body) -> expected.put(name, md5Hex(body)));
    int rounds = 0;
    while (!remoteEtags(remote, remoteContainer).equals(expected)) {
      rounds++;
      assertThat(rounds).as("converged within 3 rounds of sync --once on every node; remote has %d of %d",
          remoteEtags(remote, remoteContainer).size(), expected.size()).isLessThanOrEqualTo(3);
      for (Path conf : confs) {
        SyncFixture.Run run = fx.syncOnce(conf);
        assertThat(run.exitCode()).as("sync --once %s: %s", conf.getFileName(), run.err()).isZero();
      }
    }
    assertThat(remoteEtags(remote, remoteContainer)).isEqualTo(expected);
  }

  /** Name → ETag of every object the remote container lists. */
  private static Map<String, String> remoteEtags(SwiftClient remote, String remoteContainer) throws IOException {
    Map<String, String> etags = new TreeMap<>();
    String marker = "";
    while (true) {
      HttpResponse<byte[]> page = remote.request("GET", remote.url(remoteContainer, null) + "?format=json&marker="
          + java.net.URLEncoder.encode(marker, StandardCharsets.UTF_8), Map.of(), null);
      if (page.statusCode() == 404) {
        return etags;
      }
      JsonNode entries = SyncFixture.JSON.readTree(page.body());
      if (entries.isEmpty()) {
        return etags;
      }
      for (JsonNode e : entries) {
        marker = e.get("name").asText();
        etags.put(marker, e.get("hash").asText());
      }
    }
  }

  private static List<String> names(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> String.format("obj-%05d", i)).toList();
  }

  private void put(List<String> names, String version) throws Exception {
    parallel(names, name -> {
      byte[] body = (version + " of " + name).getBytes(StandardCharsets.UTF_8);
      write("PUT", name, body);
      live.put(name, body);
    });
  }

  private void delete(List<String> names) throws Exception {
    parallel(names, name -> {
      write("DELETE", name, null);
      live.remove(name);
    });
  }

  /** A write through the internal proxy, retried when the loaded box answers 5xx. */
  private void write(String method, String name, byte[] body) {
    URI uri = URI.create(fx.saio.internalProxyUrl() + "/v1/" + fx.saio.account() + "/" + container + "/"
        + SwiftClient.encodePath(name));
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(uri).method(method,
            body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2 || (method.equals("DELETE") && response.statusCode() == 404)) {
          return;
        }
        if (response.statusCode() < 500 || attempt >= 5) {
          throw new IllegalStateException(method + " " + uri + " -> " + response.statusCode());
        }
        Thread.sleep(1000L * attempt);
      } catch (IOException e) {
        if (attempt >= 5) {
          throw new IllegalStateException(method + " " + uri + ": " + e, e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static void parallel(List<String> names, Consumer<String> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (String name : names) {
        running.add(pool.submit(() -> action.accept(name)));
      }
      for (Future<?> f : running) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ------------------------------------------------------------------ Swift's sharding tools

  private void objectUpdaters() {
    for (int n = 1; n <= NODES; n++) {
      List<String> command = List.of(PYTHON, "/usr/bin/swift-object-updater",
          fx.saio.dir().resolve("etc/object-server/" + n + ".conf").toString(), "once");
      Shell.exec(Duration.ofMinutes(3), Map.of(), command).requireSuccess(command);
    }
  }

  private void manage(String... args) {
    List<String> command = new ArrayList<>(List.of(PYTHON, "/usr/bin/swift-manage-shard-ranges", "--force-commits",
        newest(rootReplica(1)).toString()));
    command.addAll(List.of(args));
    Shell.exec(Duration.ofMinutes(3), Map.of(), command).requireSuccess(command);
  }

  private void sharder(int n) {
    Set<Integer> partitions = new TreeSet<>();
    ReplicaLocator node1 = locator(1);
    partitions.add(rootReplica(1).partition());
    for (String shard : shardContainers()) {
      partitions.add(node1.ring().partition(node1.hashPath().digest(".shards_" + fx.saio.account(), shard)));
    }
    List<String> command = List.of(PYTHON, "/usr/bin/swift-container-sharder",
        fx.saio.dir().resolve("etc/container-server/" + n + ".conf").toString(), "once",
        "--partitions", partitions.stream().map(String::valueOf).collect(Collectors.joining(",")),
        "--devices", "sdb" + n);
    Shell.exec(Duration.ofMinutes(3), Map.of(), command).requireSuccess(command);
  }

  private LocalReplica rootReplica(int n) {
    List<LocalReplica> replicas = locator(n).find(fx.saio.account(), container);
    assertThat(replicas).as("node %d holds a replica of the root", n).hasSize(1);
    return replicas.get(0);
  }

  private ReplicaLocator locator(int n) {
    try {
      return new ReplicaLocator(fx.saio.swiftDir(), fx.saio.devices(n), fx.saio.bindIp(n), fx.saio.containerPort(n));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path newest(LocalReplica replica) {
    List<Path> files = replica.dbFiles();
    return files.get(files.size() - 1);
  }

  private boolean rootsSharded() {
    for (int n = 1; n <= NODES; n++) {
      List<Path> f = rootReplica(n).dbFiles();
      if (f.size() != 1 || !f.get(0).getFileName().toString().contains("_")) {
        return false;
      }
    }
    return true;
  }

  private List<String> shardContainers() {
    try (ContainerDb db = ContainerDb.open(newest(rootReplica(1)))) {
      return db.shardRanges().stream()
          .filter(r -> !r.deleted() && r.account().equals(".shards_" + fx.saio.account()))
          .map(ShardRange::container).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
