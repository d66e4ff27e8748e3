package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.shunt.ShuntOptions;
import io.cloudsync.shunt.archive.ArchiveSettings;
import io.cloudsync.shunt.archive.ConfiguredShunt;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.SwiftClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Archived objects stay manageable through Swift (SPEC §8, issue 17 item 6): in an archive mapping
 * ({@code retain_local: false}, {@code propagate_delete: false}) a DELETE or POST that Swift
 * authorizes and answers 404 deletes the archived copy (an SLO's manifest copy too) or replaces
 * its metadata, answered as Swift answers for a local object. Requests Swift refuses (no token, a
 * bogus token, the other account's token, absolute-form targets, dot segments) never reach the
 * archive: its objects, their metadata and S3Proxy's DELETE/COPY counters stay as they were.
 * Everything is checked with S3's own client and S3Proxy's request counters.
 */
class ShuntArchiveChangesIT extends SaioS3TestBase {
  private static final int MIB = 1 << 20;

  String container;
  String bucket;
  ConfiguredShunt shunt;

  @BeforeEach
  void setUp() {
    container = unique("opsb-changes");
    bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
  }

  @AfterEach
  void stopShunt() {
    if (shunt != null) {
      shunt.close();
    }
  }

  private ObjectNode archiveMapping(String account, String c) {
    ObjectNode m = fx.mapping(c, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET);
    m.put("account", account);
    m.put("retain_local", false);
    m.put("propagate_delete", false);
    m.put("copy_after", 0);
    return m;
  }

  /** Archives the container (one sync pass) and starts the shunt on the same configuration. */
  private void archiveAndStartShunt(ObjectNode... mappings) throws Exception {
    Path config = fx.write("sync.json", fx.config(1, mappings));
    SyncFixture.Run run = fx.syncOnce(config);
    assertThat(run.exitCode()).as(run.err()).isZero();
    shunt = ConfiguredShunt.start(config, ConfiguredShunt.load(config), new InetSocketAddress("127.0.0.1", 0),
        URI.create(fx.saio.proxyUrl()), ShuntOptions.defaults(), ArchiveSettings.defaults(), Duration.ofMillis(200),
        new Backends());
  }

  private String key(String object) {
    return SyncFixture.s3Key(fx.saio.account(), container, object);
  }

  private HeadObjectResponse remoteHead(String object) {
    return s3.client().headObject(r -> r.bucket(bucket).key(key(object)));
  }

  private boolean remoteExists(String object) {
    try {
      remoteHead(object);
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }

  private List<String> bucketKeys() {
    return s3.client().listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
  }

  private String objectTarget(String object) {
    return "/v1/" + fx.saio.account() + "/" + SwiftClient.encodePath(container) + "/" + SwiftClient.encodePath(object);
  }

  /** One request on its own connection, headers written as UTF-8 bytes (as Swift clients send metadata). */
  private String raw(String method, String target, String token, Map<String, String> headers) throws IOException {
    StringBuilder head = new StringBuilder(method).append(' ').append(target)
        .append(" HTTP/1.1\r\nHost: any\r\nConnection: close\r\nContent-Length: 0\r\n");
    if (token != null) {
      head.append("X-Auth-Token: ").append(token).append("\r\n");
    }
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    try (Socket socket = new Socket("127.0.0.1", shunt.localAddress().getPort())) {
      socket.setSoTimeout(120_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String header(String answer, String name) {
    String head = answer.substring(0, answer.indexOf("\r\n\r\n"));
    return head.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
        .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse(null);
  }

  private static String body(String answer) {
    return answer.substring(answer.indexOf("\r\n\r\n") + 4);
  }

  private long remoteChanges() {
    return s3.requests("DeleteObject") + s3.requests("CopyObject") + s3.requests("PutObject");
  }

  @Test
  void anAuthorizedDeleteRemovesTheArchivedCopyAndIsAnsweredAsSwiftWould() throws Exception {
    String name = "d\u00eer/gone \u2603";
    swift.put(container, name, "archived".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(container, "kept", "kept".getBytes(StandardCharsets.UTF_8), Map.of());
    archiveAndStartShunt(archiveMapping(fx.saio.account(), container));
    assertThat(swift.request("HEAD", container, name, Map.of(), null).statusCode()).isEqualTo(404);
    assertThat(remoteExists(name)).isTrue();

    String answer = raw("DELETE", objectTarget(name), swift.token(), Map.of());

    assertThat(answer).startsWith("HTTP/1.1 204 ");
    assertThat(header(answer, "Content-Type")).isEqualTo("text/html; charset=UTF-8");
    assertThat(header(answer, "Content-Length")).isEqualTo("0");
    assertThat(header(answer, "X-Trans-Id")).startsWith("tx");
    assertThat(header(answer, "X-Openstack-Request-Id")).isEqualTo(header(answer, "X-Trans-Id"));
    assertThat(header(answer, "Date")).isNotNull();
    assertThat(body(answer)).isEmpty();
    assertThat(remoteExists(name)).as("the archived copy is deleted").isFalse();
    assertThat(remoteExists("kept")).as("other archived objects stay").isTrue();
    // Now in neither place: Swift's own 404 for a second DELETE, a GET and a POST.
    long changes = remoteChanges();
    assertThat(raw("DELETE", objectTarget(name), swift.token(), Map.of())).startsWith("HTTP/1.1 404 ")
        .contains("<html><h1>Not Found</h1>");
    assertThat(raw("GET", objectTarget(name), swift.token(), Map.of())).startsWith("HTTP/1.1 404 ");
    assertThat(raw("POST", objectTarget(name), swift.token(), Map.of("X-Object-Meta-A", "b")))
        .startsWith("HTTP/1.1 404 ");
    assertThat(remoteChanges()).isEqualTo(changes);
    assertThat(raw("GET", objectTarget("kept"), swift.token(), Map.of())).startsWith("HTTP/1.1 200 ")
        .endsWith("kept");
  }

  @Test
  void anAuthorizedPostReplacesTheArchivedMetadataAndLaterReadsShowIt() throws Exception {
    String name = "posted \u00fc";
    byte[] data = "body stays the same".getBytes(StandardCharsets.UTF_8);
    swift.put(container, name, data, Map.of("X-Object-Meta-Old", "old value", "Content-Type", "text/x-before"));
    archiveAndStartShunt(archiveMapping(fx.saio.account(), container));
    String etag = remoteHead(name).eTag();

    Map<String, String> post = new LinkedHashMap<>();
    post.put("X-Object-Meta-Colour", "gr\u00fcn und blau");
    post.put("X-Object-Meta-Snow", "\u2603");
    post.put("Content-Type", "text/x-after");
    String answer = raw("POST", objectTarget(name), swift.token(), post);

    assertThat(answer).startsWith("HTTP/1.1 202 ");
    assertThat(header(answer, "Content-Type")).isEqualTo("text/html; charset=UTF-8");
    assertThat(body(answer)).isEqualTo("<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>");
    assertThat(header(answer, "Content-Length")).isEqualTo("76");
    assertThat(header(answer, "X-Trans-Id")).startsWith("tx");
    HeadObjectResponse remote = remoteHead(name);
    assertThat(remote.metadata()).as("S3 metadata, percent-quoted as swift-s3-sync writes it")
        .containsEntry("colour", "gr%C3%BCn%20und%20blau").doesNotContainKey("old");
    assertThat(remote.contentType()).isEqualTo("text/x-after");
    assertThat(remote.eTag()).isEqualTo(etag);

    String read = raw("GET", objectTarget(name), swift.token(), Map.of());
    assertThat(read).startsWith("HTTP/1.1 200 ");
    assertThat(header(read, "X-Object-Meta-Colour")).isEqualTo("gr\u00fcn und blau");
    assertThat(header(read, "X-Object-Meta-Snow")).isEqualTo("\u2603");
    assertThat(header(read, "X-Object-Meta-Old")).isNull();
    assertThat(header(read, "Content-Type")).isEqualTo("text/x-after");
    assertThat(body(read)).isEqualTo("body stays the same");

    // Expiry cannot be carried over to the archive: refused, not ignored.
    long changes = remoteChanges();
    assertThat(raw("POST", objectTarget(name), swift.token(), Map.of("X-Delete-After", "3600")))
        .startsWith("HTTP/1.1 400 ");
    assertThat(remoteChanges()).isEqualTo(changes);
  }

  @Test
  void deletingAnArchivedSloRemovesItsContentAndItsManifestCopyAndAPostKeepsItAnSlo() throws Exception {
    String name = "big sl\u00f6";
    byte[] content = new byte[2 * MIB + 99];
    new Random(17).nextBytes(content);
    Path file = dir.resolve("slo");
    Files.write(file, content);
    fx.saio.swiftCli("upload", "--use-slo", "-S", String.valueOf(MIB), container, file.toString(),
        "--object-name", name);
    archiveAndStartShunt(archiveMapping(fx.saio.account(), container));
    assertThat(swift.request("HEAD", container, name, Map.of(), null).statusCode()).isEqualTo(404);
    String manifestKey = new S3KeyNaming(fx.saio.account(), container, null).manifestKey(name);
    assertThat(bucketKeys()).as("the SLO's content and its manifest copy").containsExactlyInAnyOrder(key(name),
        manifestKey);
    String sloEtag = remoteHead(name).metadata().get("swift-slo-etag");
    assertThat(sloEtag).isNotNull();
    String before = raw("HEAD", objectTarget(name), swift.token(), Map.of());
    assertThat(header(before, "X-Static-Large-Object")).isEqualToIgnoringCase("true");

    assertThat(raw("POST", objectTarget(name), swift.token(), Map.of("X-Object-Meta-Note", "still an slo")))
        .startsWith("HTTP/1.1 202 ");
    String after = raw("HEAD", objectTarget(name), swift.token(), Map.of());
    assertThat(header(after, "X-Object-Meta-Note")).isEqualTo("still an slo");
    assertThat(header(after, "X-Static-Large-Object")).isEqualToIgnoringCase("true");
    assertThat(remoteHead(name).metadata()).as("the sync's SLO bookkeeping stays")
        .containsEntry("swift-slo-etag", sloEtag).containsEntry("x-static-large-object", "True");
    assertThat(header(after, "Content-Length")).isEqualTo(String.valueOf(content.length));

    assertThat(raw("DELETE", objectTarget(name), swift.token(), Map.of())).startsWith("HTTP/1.1 204 ");
    assertThat(bucketKeys()).as("neither the content nor the manifest copy is left").isEmpty();
    assertThat(raw("HEAD", objectTarget(name), swift.token(), Map.of())).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void deletesAndPostsSwiftRefusesNeverReachTheArchive() throws Exception {
    SwiftClient swift2 = SwiftClient.login(fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
        fx.saio.env("SWIFT_KEY2"));
    String container2 = unique("opsb-changes2");
    swift2.createContainer(container2);
    swift2.put(container2, "mine", "test2's own".getBytes(StandardCharsets.UTF_8), Map.of());
    swift.put(container, "o", "only AUTH_test may change this".getBytes(StandardCharsets.UTF_8),
        Map.of("X-Object-Meta-Secret", "s3cr3t"));
    archiveAndStartShunt(archiveMapping(fx.saio.account(), container), archiveMapping("AUTH_test2", container2));
    Map<String, String> metadataBefore = remoteHead("o").metadata();
    assertThat(metadataBefore).containsEntry("secret", "s3cr3t");
    long changes = remoteChanges();

    String path = objectTarget("o");
    List<String> targets = new ArrayList<>(List.of(path, path + "?multipart-manifest=delete"));
    for (String scheme : List.of("http", "HTTP", "foo")) {
      targets.add(scheme + "://any" + path);
    }
    List<String> tokens = new ArrayList<>();
    tokens.add(null);
    tokens.add("AUTH_tk" + "0".repeat(32));
    tokens.add(swift2.token());
    int refused = 0;
    for (String method : List.of("DELETE", "POST")) {
      for (String target : targets) {
        for (String token : tokens) {
          String answer = raw(method, target, token, Map.of());
          if (target.contains("multipart-manifest=delete")) {
            // Swift refuses, or its slo middleware answers 200 and reports the refusal in its body.
            assertThat(answer).as(method + " " + target + " with token " + token)
                .containsPattern("(401 Unauthorized|403 Forbidden|Number Deleted: 0)").doesNotContain("Number Deleted: 1");
          } else {
            assertThat(answer).as(method + " " + target + " with token " + token)
                .matches("(?s)HTTP/1\\.1 (401|403) .*");
          }
          refused++;
        }
      }
    }
    assertThat(refused).isEqualTo(2 * targets.size() * tokens.size());
    // AUTH_test2's token on its own container, with dot segments climbing into AUTH_test's keys.
    String escape = SyncFixture.prefix(fx.saio.account(), container) + "/" + fx.saio.account() + "/" + container
        + "/o";
    for (String method : List.of("DELETE", "POST")) {
      for (String climb : List.of("../../../", "%2e%2e/%2e%2e/%2e%2e/", "..%2f..%2f..%2f", "x/../../../../")) {
        String target = "/v1/AUTH_test2/" + container2 + "/" + climb + escape;
        assertThat(raw(method, target, swift2.token(), Map.of())).as(method + " " + target)
            .doesNotStartWith("HTTP/1.1 2");
      }
    }
    // A user Swift lets read the container (X-Container-Read) but not write: reads are served from
    // the archive, DELETE and POST are refused, including a multipart-manifest DELETE, which Swift's
    // slo middleware answers 200 ("Number Not Found: 1") without authorizing a DELETE.
    assertThat(swift.request("POST", container, null, Map.of("X-Container-Read", "test2:tester2"), null)
        .statusCode()).isEqualTo(204);
    assertThat(raw("GET", path, swift2.token(), Map.of())).startsWith("HTTP/1.1 200 ")
        .endsWith("only AUTH_test may change this");
    assertThat(raw("DELETE", path, swift2.token(), Map.of())).startsWith("HTTP/1.1 403 ");
    assertThat(raw("POST", path, swift2.token(), Map.of("X-Object-Meta-Secret", "changed")))
        .startsWith("HTTP/1.1 403 ");
    assertThat(raw("DELETE", path + "?multipart-manifest=delete", swift2.token(), Map.of()))
        .doesNotContain("Number Deleted: 1");
    assertThat(remoteChanges()).as("S3Proxy saw no DELETE, COPY or PUT").isEqualTo(changes);
    assertThat(remoteExists("o")).isTrue();
    assertThat(remoteHead("o").metadata()).isEqualTo(metadataBefore);
    // The owner still can.
    assertThat(raw("DELETE", path, swift.token(), Map.of())).startsWith("HTTP/1.1 204 ");
    assertThat(remoteExists("o")).isFalse();
  }

  @Test
  void onARemoteSwiftTargetDeleteAndPostChangeTheRemoteCopyAndAnSloLosesItsSegments() throws Exception {
    SwiftClient remote = SwiftClient.login(fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
        fx.saio.env("SWIFT_KEY2"));
    String remoteContainer = unique("opsb-changes-remote");
    ObjectNode m = fx.mapping(container, remoteContainer, fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
        fx.saio.env("SWIFT_KEY2"));
    m.put("protocol", "swift");
    m.put("retain_local", false);
    m.put("propagate_delete", false);
    m.put("copy_after", 0);
    swift.put(container, "plain", "plain body".getBytes(StandardCharsets.UTF_8), Map.of("X-Object-Meta-A", "1"));
    byte[] content = new byte[2 * MIB + 5];
    new Random(3).nextBytes(content);
    Path file = dir.resolve("slo");
    Files.write(file, content);
    fx.saio.swiftCli("upload", "--use-slo", "-S", String.valueOf(MIB), container, file.toString(),
        "--object-name", "slo");
    archiveAndStartShunt(m);
    String segments = remoteContainer + "_segments";
    assertThat(remote.list(remoteContainer)).containsExactlyInAnyOrder("plain", "slo");
    assertThat(remote.list(segments)).hasSize(3);

    assertThat(raw("POST", objectTarget("plain"), swift.token(), Map.of("X-Object-Meta-B", "gr\u00fcn")))
        .startsWith("HTTP/1.1 202 ");
    var head = remote.request("HEAD", remoteContainer, "plain", Map.of(), null);
    assertThat(head.headers().firstValue("X-Object-Meta-B")).hasValue("gr\u00c3\u00bcn"); // UTF-8 bytes as Latin-1
    assertThat(head.headers().firstValue("X-Object-Meta-A")).isEmpty();
    assertThat(raw("POST", objectTarget("slo"), swift.token(), Map.of("X-Object-Meta-Note", "n"))).startsWith(
        "HTTP/1.1 202 ");
    var slo = remote.request("HEAD", remoteContainer, "slo", Map.of(), null);
    assertThat(slo.headers().firstValue("X-Static-Large-Object")).hasValue("True");
    assertThat(slo.headers().firstValue("X-Object-Meta-Swift-Slo-Etag")).as("the sync's bookkeeping stays")
        .isPresent();

    assertThat(raw("DELETE", objectTarget("slo"), swift.token(), Map.of())).startsWith("HTTP/1.1 204 ");
    assertThat(raw("DELETE", objectTarget("plain"), swift.token(), Map.of())).startsWith("HTTP/1.1 204 ");
    assertThat(remote.list(remoteContainer)).isEmpty();
    assertThat(remote.list(segments)).as("the SLO's remote segments are deleted with it").isEmpty();
  }
}
