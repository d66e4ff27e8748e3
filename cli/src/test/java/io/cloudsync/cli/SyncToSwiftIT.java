package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.shunt.ShuntOptions;
import io.cloudsync.shunt.archive.ArchiveSettings;
import io.cloudsync.shunt.archive.ConfiguredShunt;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.testing.SwiftClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code protocol: "swift"} mappings end to end through the daemon and the shunt: the "remote"
 * cluster is the SAIO's AUTH_test2, checked as test2:tester2 would see it.
 */
class SyncToSwiftIT extends SaioS3TestBase {
  SwiftClient remote;

  @BeforeEach
  void remote() {
    remote = SwiftClient.login(fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"), fx.saio.env("SWIFT_KEY2"));
  }

  private ObjectNode swiftMapping(String container, String remoteContainer) {
    ObjectNode m = fx.mapping(container, remoteContainer, fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
        fx.saio.env("SWIFT_KEY2"));
    m.put("protocol", "swift");
    return m;
  }

  @Test
  void objectsMetadataChangesAndDeletesArriveInTheRemoteContainer() throws Exception {
    String container = unique("to-swift");
    String remoteContainer = unique("from-test");
    swift.createContainer(container);
    byte[] body = "hello remote swift".getBytes(StandardCharsets.UTF_8);
    swift.put(container, "ünï/cødé ☃", body, Map.of("X-Object-Meta-Color", "blue", "Content-Type", "text/x-test"));
    swift.put(container, "empty", new byte[0], Map.of());
    swift.put(container, "gone", "soon".getBytes(StandardCharsets.UTF_8), Map.of());
    Path conf = fx.write("swift.json", fx.config(1, swiftMapping(container, remoteContainer)));

    SyncFixture.Run first = fx.syncOnce(conf);

    assertThat(first.exitCode()).as(first.err()).isZero();
    HttpResponse<byte[]> got = remote.request("GET", remoteContainer, "ünï/cødé ☃", Map.of(), null);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(body);
    assertThat(got.headers().firstValue("Etag").orElseThrow()).isEqualTo(md5Hex(body));
    assertThat(got.headers().firstValue("X-Object-Meta-Color")).hasValue("blue");
    assertThat(got.headers().firstValue("Content-Type")).hasValue("text/x-test");
    assertThat(remote.request("HEAD", remoteContainer, "empty", Map.of(), null).statusCode()).isEqualTo(200);

    swift.post(container, "ünï/cødé ☃", Map.of("X-Object-Meta-Color", "green", "Content-Type", "text/x-test"));
    swift.delete(container, "gone");
    SyncFixture.Run second = fx.syncOnce(conf);

    assertThat(second.exitCode()).as(second.err()).isZero();
    HttpResponse<byte[]> after = remote.request("HEAD", remoteContainer, "ünï/cødé ☃", Map.of(), null);
    assertThat(after.headers().firstValue("X-Object-Meta-Color")).hasValue("green");
    assertThat(remote.request("HEAD", remoteContainer, "gone", Map.of(), null).statusCode()).isEqualTo(404);
    assertThat(remote.list(remoteContainer)).containsExactlyInAnyOrder("empty", "ünï/cødé ☃");
  }

  @Test
  void anArchiveInRemoteSwiftIsReadBackThroughTheShunt() throws Exception {
    String container = unique("archive-swift");
    String remoteContainer = unique("archive-of-test");
    swift.createContainer(container);
    byte[] body = "0123456789 archived in another swift".getBytes(StandardCharsets.UTF_8);
    swift.put(container, "doc", body, Map.of("X-Object-Meta-Kind", "report"));
    ObjectNode m = swiftMapping(container, remoteContainer);
    m.put("retain_local", false);
    m.put("propagate_delete", false);
    Path conf = fx.write("archive.json", fx.config(1, m));

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(swift.request("HEAD", container, "doc", Map.of(), null).statusCode()).as("archived").isEqualTo(404);
    assertThat(remote.request("GET", remoteContainer, "doc", Map.of(), null).body()).isEqualTo(body);
    try (ConfiguredShunt shunt = ConfiguredShunt.start(conf, ConfiguredShunt.load(conf),
        new InetSocketAddress("127.0.0.1", 0), URI.create(fx.saio.proxyUrl()), ShuntOptions.defaults(),
        ArchiveSettings.defaults(), Duration.ofSeconds(5), new Backends())) {
      String base = "http://127.0.0.1:" + shunt.localAddress().getPort() + "/v1/" + fx.saio.account() + "/"
          + container;
      HttpResponse<byte[]> whole = swift.request("GET", base + "/doc", Map.of(), null);
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.body()).isEqualTo(body);
      assertThat(whole.headers().firstValue("X-Object-Meta-Kind")).hasValue("report");
      HttpResponse<byte[]> range = swift.request("GET", base + "/doc", Map.of("Range", "bytes=2-5"), null);
      assertThat(range.statusCode()).isEqualTo(206);
      assertThat(new String(range.body(), StandardCharsets.UTF_8)).isEqualTo("2345");
      HttpResponse<byte[]> listing = swift.request("GET", base + "?format=json", Map.of(), null);
      assertThat(SyncFixture.JSON.readTree(listing.body()).findValuesAsText("name")).containsExactly("doc");
      HttpResponse<byte[]> anonymous = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(base + "/doc")).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(anonymous.statusCode()).as("Swift stays the authority").isEqualTo(401);
      assertThat(new String(anonymous.body(), StandardCharsets.UTF_8)).doesNotContain("archived in another");
    }
  }
}
