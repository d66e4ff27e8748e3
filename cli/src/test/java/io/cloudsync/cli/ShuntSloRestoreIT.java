package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.shunt.ShuntOptions;
import io.cloudsync.shunt.archive.ArchiveSettings;
import io.cloudsync.shunt.archive.ConfiguredShunt;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.SwiftClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restore-on-read of an archived Static Large Object through the shunt, end to end: an SLO made
 * with the {@code swift} CLI (unicode names, 1 MiB segments in {@code <container>_segments}), its
 * manifest and its segments both archived and gone locally, read through the shunt with a token;
 * the read rebuilds the local segments and the manifest, and the next read is local.
 */
class ShuntSloRestoreIT extends SaioS3TestBase {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final int MIB = 1 << 20;

  String container;
  String segments;
  String bucket;
  ConfiguredShunt shunt;

  @BeforeEach
  void setUp() {
    container = unique("slo-restore");
    segments = container + "_segments";
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

  private ObjectNode archiveMapping(String c) {
    ObjectNode m = fx.mapping(c, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET);
    m.put("retain_local", false);
    m.put("propagate_delete", false);
    m.put("copy_after", 0);
    m.put("restore_object", true);
    return m;
  }

  private void archive(String name, ObjectNode... mappings) throws Exception {
    SyncFixture.Run run = fx.syncOnce(fx.write(name, fx.config(1, mappings)));
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private void startShunt(ObjectNode... mappings) throws Exception {
    Path config = fx.write("shunt.json", fx.config(1, mappings));
    shunt = ConfiguredShunt.start(config, ConfiguredShunt.load(config), new InetSocketAddress("127.0.0.1", 0),
        URI.create(fx.saio.proxyUrl()), ShuntOptions.defaults(), ArchiveSettings.defaults(), Duration.ofMillis(200), new Backends());
  }

  private String objectPath(String name) {
    return "/v1/" + fx.saio.account() + "/" + SwiftClient.encodePath(container) + "/" + SwiftClient.encodePath(name);
  }

  /** Uploads {@code content} as an SLO of 1 MiB segments with the swift CLI; returns the segment names. */
  private List<String> uploadSlo(String name, byte[] content) throws Exception {
    Path file = dir.resolve("slo-upload");
    Files.write(file, content);
    fx.saio.swiftCli("upload", "--use-slo", "-S", String.valueOf(MIB), container, file.toString(),
        "--object-name", name, "-H", "X-Object-Meta-Colour: bl\u00fc");
    return swift.list(segments);
  }

  private HttpResponse<byte[]> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", swift.token()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private int localStatus(String method, String c, String object) {
    return swift.request(method, c, object, Map.of(), null).statusCode();
  }

  @Test
  void anArchivedSloIsServedWholeAndRestoredWithItsSegmentsAndManifest() throws Exception {
    String name = "d\u00eer/sl\u00f6 \u2603.bin";
    byte[] content = new byte[3 * MIB + 77];
    new Random(4).nextBytes(content);
    List<String> segmentNames = uploadSlo(name, content);
    assertThat(segmentNames).hasSize(4).allMatch(s -> s.startsWith(name + "/"));

    // The manifest is archived first (its sync reads the segments), then the segments.
    archive("manifest.json", archiveMapping(container));
    archive("segments.json", archiveMapping(segments));
    assertThat(localStatus("HEAD", container, name)).isEqualTo(404);
    assertThat(swift.list(segments)).isEmpty();

    startShunt(archiveMapping(container), archiveMapping(segments));
    String viaShunt = "http://127.0.0.1:" + shunt.localAddress().getPort() + objectPath(name);

    HttpResponse<byte[]> archived = get(viaShunt);
    assertThat(archived.statusCode()).isEqualTo(200);
    assertThat(md5Hex(archived.body())).isEqualTo(md5Hex(content));
    assertThat(archived.headers().firstValue("X-Static-Large-Object")).hasValue("True");
    assertThat(archived.headers().firstValue("Remote-x-amz-request-id")).isPresent();

    // Segments first, manifest last: once the manifest is there, every segment is.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(localStatus("HEAD", container, name)).isEqualTo(200));
    for (String segment : segmentNames) {
      assertThat(localStatus("HEAD", segments, segment)).as(segment).isEqualTo(200);
    }
    HttpResponse<byte[]> manifest = swift.request("GET", swift.url(container, name) + "?multipart-manifest=get",
        Map.of(), null);
    assertThat(manifest.statusCode()).isEqualTo(200);
    List<String> listed = new ArrayList<>();
    for (JsonNode entry : SyncFixture.JSON.readTree(manifest.body())) {
      listed.add(entry.get("name").asText());
    }
    assertThat(listed).containsExactlyElementsOf(segmentNames.stream().map(s -> "/" + segments + "/" + s).toList());

    // Swift itself serves the restored SLO: joined content, its size, the SLO header, the metadata.
    HttpResponse<byte[]> local = swift.request("GET", container, name, Map.of(), null);
    assertThat(md5Hex(local.body())).isEqualTo(md5Hex(content));
    assertThat(local.headers().firstValue("X-Static-Large-Object")).hasValue("True");
    assertThat(local.headers().firstValue("X-Object-Meta-Colour")).isPresent();
    HttpResponse<byte[]> head = swift.request("HEAD", container, name, Map.of(), null);
    assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(content.length));

    // The next read through the shunt is local.
    long gets = s3.requests("GetObject");
    HttpResponse<byte[]> again = get(viaShunt);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(md5Hex(again.body())).isEqualTo(md5Hex(content));
    assertThat(again.headers().map().keySet()).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("remote-"));
    assertThat(s3.requests("GetObject")).isEqualTo(gets);
  }

  /**
   * The usual archive: the manifest's container is archived, the segments' is not. The restore
   * finds each segment already in Swift (same etag and size), leaves it, and writes the manifest;
   * the client reads the body and closes at once.
   */
  @Test
  void anArchivedSloWhoseSegmentsAreStillLocalIsRestoredByItsManifest() throws Exception {
    String name = "segments stay \u2603";
    byte[] content = new byte[2 * MIB + 5];
    new Random(5).nextBytes(content);
    List<String> segmentNames = uploadSlo(name, content);
    assertThat(segmentNames).hasSize(3);
    archive("manifest.json", archiveMapping(container));
    assertThat(localStatus("HEAD", container, name)).isEqualTo(404);
    assertThat(swift.list(segments)).isEqualTo(segmentNames);

    startShunt(archiveMapping(container));
    byte[] body = new RawRequest("GET", objectPath(name), swift.token())
        .readBodyAndClose(shunt.localAddress().getPort());
    assertThat(md5Hex(body)).isEqualTo(md5Hex(content));

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(localStatus("HEAD", container, name)).isEqualTo(200));
    HttpResponse<byte[]> local = swift.request("GET", container, name, Map.of(), null);
    assertThat(local.statusCode()).isEqualTo(200);
    assertThat(md5Hex(local.body())).isEqualTo(md5Hex(content));
    assertThat(local.headers().firstValue("X-Static-Large-Object")).hasValue("True");
    assertThat(swift.list(segments)).isEqualTo(segmentNames);
  }
}
