package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.SwiftClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container-sync mode ({@code sync_to_header}) against the SAIO: containers of AUTH_test carry
 * {@code X-Container-Sync-To: //saio/saio_endpoint/AUTH_test2/<c>} and a sync key, and no mapping;
 * the SAIO's own {@code container_sync} middleware checks the signatures. Results are read as
 * test2:tester2; requests are counted in the proxy's access log.
 */
class ContainerSyncIT {
  static final String AGENT = "cloudsync-container-sync";

  @TempDir
  Path dir;
  SyncFixture fx;
  SwiftClient swift;
  SwiftClient remote;
  ProxyAccessLog log;
  String realm;

  @BeforeEach
  void setUp() {
    fx = new SyncFixture(dir);
    swift = fx.saio.client();
    remote = SwiftClient.login(fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"), fx.saio.env("SWIFT_KEY2"));
    String marks = unique("csync-marks");
    remote.createContainer(marks);
    log = new ProxyAccessLog(fx.saio, remote, marks);
    realm = "//" + fx.saio.env("SWIFT_SYNC_REALM") + "/" + fx.saio.env("SWIFT_SYNC_CLUSTER");
  }

  /** A daemon config for SAIO node 1 with no mapping: only header-driven containers. */
  Path headerConfig() throws Exception {
    ObjectNode c = fx.config(1);
    c.put("sync_to_header", true);
    return fx.write("csync.json", c);
  }

  /** {@code local} (AUTH_test) synced to {@code target} (AUTH_test2) with {@code key}; both created. */
  void pair(String local, String target, String key, String remoteKey) {
    remote.createContainer(target);
    remote.request("POST", target, null, Map.of("X-Container-Sync-Key", remoteKey), null);
    swift.request("PUT", local, null, Map.of("X-Container-Sync-To", realm + "/AUTH_test2/" + target,
        "X-Container-Sync-Key", key), null);
  }

  static String header(HttpResponse<byte[]> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  void objectsArriveWithTheirTimestampsMetadataOnlyIsAPostAndDeletesFollow() throws Exception {
    String local = unique("csync-objs");
    String target = unique("csync-objs-r");
    pair(local, target, "k-objs", "k-objs");
    Map<String, byte[]> objects = new LinkedHashMap<>();
    objects.put("ünï/cødé ☃", "unicode".getBytes(StandardCharsets.UTF_8));
    objects.put("odd ?#&;%20 name", "odd".getBytes(StandardCharsets.UTF_8));
    objects.put("a//double/slash", "slashes".getBytes(StandardCharsets.UTF_8));
    objects.put("empty", new byte[0]);
    for (Map.Entry<String, byte[]> o : objects.entrySet()) {
      swift.put(local, o.getKey(), o.getValue(), Map.of("X-Object-Meta-Color", "blue", "Content-Type", "text/x-test"));
    }
    swift.put(local, "typed.json", "{}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    objects.put("typed.json", "{}".getBytes(StandardCharsets.UTF_8));
    Path conf = headerConfig();

    SyncFixture.Run first = fx.syncOnce(conf);

    assertThat(first.exitCode()).as(first.err()).isZero();
    for (Map.Entry<String, byte[]> o : objects.entrySet()) {
      HttpResponse<byte[]> there = remote.request("GET", target, o.getKey(), Map.of(), null);
      HttpResponse<byte[]> here = swift.request("HEAD", local, o.getKey(), Map.of(), null);
      assertThat(there.statusCode()).as(o.getKey()).isEqualTo(200);
      assertThat(there.body()).isEqualTo(o.getValue());
      assertThat(header(there, "Etag")).isEqualTo(md5Hex(o.getValue()));
      assertThat(header(there, "X-Timestamp")).as("time kept").isEqualTo(header(here, "X-Timestamp"));
      assertThat(header(there, "Content-Type")).isEqualTo(header(here, "Content-Type"));
      assertThat(header(there, "X-Object-Meta-Color")).isEqualTo(header(here, "X-Object-Meta-Color"));
    }

    long mark = log.mark();
    swift.post(local, "ünï/cødé ☃", Map.of("X-Object-Meta-Color", "green", "Content-Type", "text/x-other"));
    swift.delete(local, "empty");
    SyncFixture.Run second = fx.syncOnce(conf);

    assertThat(second.exitCode()).as(second.err()).isZero();
    HttpResponse<byte[]> posted = remote.request("HEAD", target, "ünï/cødé ☃", Map.of(), null);
    assertThat(header(posted, "X-Object-Meta-Color")).isEqualTo("green");
    assertThat(header(posted, "Content-Type")).isEqualTo("text/x-other");
    assertThat(header(posted, "Etag")).isEqualTo(md5Hex(objects.get("ünï/cødé ☃")));
    assertThat(header(posted, "X-Timestamp"))
        .isEqualTo(header(swift.request("HEAD", local, "ünï/cødé ☃", Map.of(), null), "X-Timestamp"));
    assertThat(remote.request("HEAD", target, "empty", Map.of(), null).statusCode()).isEqualTo(404);
    String path = "/v1/AUTH_test2/" + target + "/";
    assertThat(log.since(mark, "PUT", path, AGENT)).as("no body re-sent").isEmpty();
    assertThat(log.since(mark, "POST", path, AGENT)).hasSize(1);
    assertThat(log.since(mark, "DELETE", path, AGENT)).hasSize(1);

    long quiet = log.mark();
    SyncFixture.Run third = fx.syncOnce(conf);
    assertThat(third.exitCode()).as(third.err()).isZero();
    for (String method : List.of("PUT", "POST", "DELETE")) {
      assertThat(log.since(quiet, method, path, AGENT)).as("a pass over synced rows sends no %s", method).isEmpty();
    }
  }
}
