package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.SwiftClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Static and Dynamic Large Objects through {@code cloudsync sync --once}, against the real Swift
 * all-in-one and S3Proxy: SLOs are built with the real {@code swift} client (or by hand with
 * {@code ?multipart-manifest=put}), and what lands in the bucket is checked through the S3 API:
 * the MD5 of the whole content, the part count, the bookkeeping metadata and the manifest copy.
 */
class LargeObjectSyncIT extends SaioS3TestBase {
  static final int MIB = 1 << 20;
  static final List<String> WRITES = List.of("PutObject", "CopyObject", "CreateMultipartUpload", "UploadPart",
      "UploadPartCopy", "CompleteMultipartUpload");
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  String container;
  String bucket;
  Path conf;

  @BeforeEach
  void setUp() {
    container = unique("lo-it");
    bucket = unique("bucket");
    s3.createBucket(bucket);
  }

  private Path config() throws IOException {
    return fx.write("sync.json", fx.config(1, fx.mapping(container, bucket, s3.endpoint().toString(),
        EmbeddedS3.IDENTITY, EmbeddedS3.SECRET)));
  }

  /** Syncs with the usual status dir. */
  private void sync() throws IOException {
    if (conf == null) {
      conf = config();
    }
    SyncFixture.Run run = fx.syncOnce(conf);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("ERROR");
  }

  /**
   * A daemon without any local state (another node's verification pass, a lost status dir) walks
   * every row again; it must find every object current and write nothing.
   */
  private void syncWithoutStateWritesNothing() throws IOException {
    Map<String, Long> before = writes();
    ObjectNode fresh = fx.config(1, fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY,
        EmbeddedS3.SECRET));
    fresh.put("status_dir", dir.resolve("status-fresh-" + System.nanoTime()).toString());
    SyncFixture.Run run = fx.syncOnce(fx.write("fresh.json", fresh));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(writes()).as("a second pass without local state writes nothing").isEqualTo(before);
  }

  @Test
  void sloWithFiveMiBSegmentsBecomesOnePartPerSegment() throws Exception {
    swift.createContainer(container);
    byte[] content = random(11 * MIB, 1);
    uploadSlo("big.bin", content, 5 * MIB);
    long parts = s3.requests("UploadPart");

    sync();

    assertThat(s3.requests("UploadPart") - parts).as("one part per segment").isEqualTo(3);
    assertThat(s3Md5("big.bin")).isEqualTo(md5Hex(content));
    HeadObjectResponse head = head("big.bin");
    assertThat(head.eTag()).isEqualTo("\"" + mpuEtag(segmentMd5s(content, 5 * MIB)) + "\"");
    assertThat(head.contentLength()).isEqualTo(content.length);
    byte[] manifest = rawManifest("big.bin");
    assertThat(lowerKeys(head.metadata()))
        .containsEntry("x-static-large-object", "True")
        .containsEntry("swift-slo-etag", md5Hex(manifest));
    assertThat(s3Bytes(manifestKey("big.bin"))).as("the manifest copy is Swift's raw manifest").isEqualTo(manifest);
    syncWithoutStateWritesNothing();
  }

  @Test
  void sloWithOneMiBSegmentsIsRechunkedAndKeepsItsEtagOnMetadataChanges() throws Exception {
    swift.createContainer(container);
    byte[] content = random(10 * MIB + 12345, 2);
    uploadSlo("small-segments.bin", content, MIB);
    long parts = s3.requests("UploadPart");

    sync();

    assertThat(s3.requests("UploadPart") - parts).as("re-cut into 8 MiB parts").isEqualTo(2);
    assertThat(s3Md5("small-segments.bin")).isEqualTo(md5Hex(content));
    String etag = head("small-segments.bin").eTag();
    assertThat(etag).endsWith("-2\"");
    syncWithoutStateWritesNothing();

    Map<String, Long> before = writes();
    swift.post(container, "small-segments.bin", Map.of("X-Object-Meta-Stage", "final"));
    sync();
    Map<String, Long> after = writes();
    assertThat(after.get("UploadPart")).as("no data sent again").isEqualTo(before.get("UploadPart"));
    assertThat(after.get("UploadPartCopy") - before.get("UploadPartCopy")).isEqualTo(2);
    assertThat(head("small-segments.bin").eTag()).as("same part layout, same ETag").isEqualTo(etag);
    assertThat(lowerKeys(head("small-segments.bin").metadata())).containsEntry("stage", "final");
  }

  @Test
  void sloWithRangedSegmentsIsRechunkedFromTheRanges() throws Exception {
    swift.createContainer(container);
    String segments = container + "-segs";
    swift.createContainer(segments);
    byte[] a = random(6 * MIB, 3);
    byte[] b = random(6 * MIB, 4);
    byte[] c = random(MIB, 5);
    swift.put(segments, "a", a, Map.of());
    swift.put(segments, "b", b, Map.of());
    swift.put(segments, "c", c, Map.of());
    putManifest("ranged.bin", List.of(
        segment(segments, "a", null),
        segment(segments, "b", (1 * MIB) + "-" + (3 * MIB - 1)),
        segment(segments, "c", null)));
    byte[] expected = concat(a, slice(b, MIB, 3 * MIB), c);
    long parts = s3.requests("UploadPart");

    sync();

    assertThat(s3.requests("UploadPart") - parts).isEqualTo(2);
    assertThat(s3Md5("ranged.bin")).isEqualTo(md5Hex(expected));
    assertThat(head("ranged.bin").contentLength()).isEqualTo(expected.length);
    assertThat(s3Bytes(manifestKey("ranged.bin"))).isEqualTo(rawManifest("ranged.bin"));
    syncWithoutStateWritesNothing();
  }

  @Test
  void nestedSloAndInlineDataAreExpanded() throws Exception {
    swift.createContainer(container);
    byte[] inner = random(3 * MIB, 6);
    uploadSlo("inner.bin", inner, MIB);
    byte[] hello = "hello, inline data\n".getBytes(StandardCharsets.UTF_8);
    putManifest("outer.bin", List.of(
        Map.of("data", Base64.getEncoder().encodeToString(hello)),
        segment(container, "inner.bin", "1000-" + (2 * MIB + 999))));
    byte[] expected = concat(hello, slice(inner, 1000, 2 * MIB + 1000));

    sync();

    assertThat(s3Md5("outer.bin")).isEqualTo(md5Hex(expected));
    assertThat(s3Md5("inner.bin")).isEqualTo(md5Hex(inner));
  }

  @Test
  void dloIsUploadedAsItsJoinedContentAndFollowsSegmentChanges() throws Exception {
    swift.createContainer(container);
    byte[] content = random(10 * MIB, 7);
    Path file = write("dlo.bin", content);
    fx.saio.swiftCli("upload", "-S", String.valueOf(3 * MIB), container, file.toString(), "--object-name", "dlo.bin");
    long parts = s3.requests("UploadPart");

    sync();

    assertThat(s3.requests("UploadPart") - parts).as("10 MiB in 8 MiB parts").isEqualTo(2);
    assertThat(s3Md5("dlo.bin")).isEqualTo(md5Hex(content));
    HeadObjectResponse head = head("dlo.bin");
    String manifest = localHead("dlo.bin").get("x-object-manifest");
    assertThat(lowerKeys(head.metadata()))
        .containsKey("x-object-manifest")
        .containsEntry("swift-dlo-etag", localHead("dlo.bin").get("etag").replace("\"", ""));
    assertThat(manifest).isNotBlank();
    syncWithoutStateWritesNothing();

    // Overwrite the first segment, then touch the manifest so it gets a new row: the DLO's ETag
    // (MD5 of its segments' ETags) changed, so the new content is uploaded.
    String firstSegment = swift.list(container + "_segments").get(0);
    byte[] replacement = random(3 * MIB, 8);
    swift.put(container + "_segments", firstSegment, replacement, Map.of());
    swift.post(container, "dlo.bin", Map.of("X-Object-Manifest", manifest, "X-Object-Meta-Rev", "2"));
    sync();
    System.arraycopy(replacement, 0, content, 0, replacement.length);
    assertThat(s3Md5("dlo.bin")).isEqualTo(md5Hex(content));
    assertThat(lowerKeys(head("dlo.bin").metadata())).containsEntry("rev", "2");
  }

  @Test
  void unicodeNamesInSegmentsAndSmallDlo() throws Exception {
    container = unique("lo-ünï ☃");
    swift.createContainer(container);
    byte[] slo = random(3 * MIB + 77, 9);
    uploadSlo("dïr/slö ☃.bin", slo, MIB);
    byte[] dlo = random(2 * MIB + 5, 10);
    Path file = write("dlo", dlo);
    fx.saio.swiftCli("upload", "-S", String.valueOf(MIB), container, file.toString(), "--object-name", "dlö ☂.bin");
    long puts = s3.requests("PutObject");

    sync();

    assertThat(s3Md5("dïr/slö ☃.bin")).isEqualTo(md5Hex(slo));
    assertThat(s3Bytes(manifestKey("dïr/slö ☃.bin"))).isEqualTo(rawManifest("dïr/slö ☃.bin"));
    assertThat(s3Md5("dlö ☂.bin")).isEqualTo(md5Hex(dlo));
    assertThat(head("dlö ☂.bin").eTag()).as("a small DLO is one PUT with its real MD5")
        .isEqualTo("\"" + md5Hex(dlo) + "\"");
    assertThat(s3.requests("PutObject") - puts).as("the SLO manifest copy and the DLO").isEqualTo(2);
    syncWithoutStateWritesNothing();
  }

  @Test
  void metadataChangeOnAnAlignedSloIsAPartCopy() throws Exception {
    swift.createContainer(container);
    byte[] content = random(6 * MIB, 11);
    uploadSlo("meta.bin", content, 5 * MIB);
    sync();
    String etag = head("meta.bin").eTag();
    Map<String, Long> before = writes();

    swift.post(container, "meta.bin", Map.of("X-Object-Meta-Color", "red", "Content-Type", "video/mp4"));
    sync();

    Map<String, Long> after = writes();
    assertThat(after.get("UploadPart")).as("no data re-uploaded").isEqualTo(before.get("UploadPart"));
    assertThat(after.get("PutObject")).as("the manifest copy is unchanged").isEqualTo(before.get("PutObject"));
    assertThat(after.get("UploadPartCopy") - before.get("UploadPartCopy")).isEqualTo(2);
    HeadObjectResponse head = head("meta.bin");
    assertThat(head.eTag()).as("the multipart ETag is kept").isEqualTo(etag);
    assertThat(head.contentType()).startsWith("video/mp4");
    assertThat(lowerKeys(head.metadata())).containsEntry("color", "red")
        .containsEntry("x-static-large-object", "True")
        .containsEntry("swift-slo-etag", md5Hex(rawManifest("meta.bin")));
    assertThat(s3Md5("meta.bin")).isEqualTo(md5Hex(content));
    syncWithoutStateWritesNothing();
  }

  @Test
  void deletingAnSloRemovesTheObjectAndItsManifestCopy() throws Exception {
    swift.createContainer(container);
    uploadSlo("doomed.bin", random(2 * MIB, 12), MIB);
    sync();
    assertThat(head("doomed.bin").eTag()).isNotNull();
    assertThat(s3Bytes(manifestKey("doomed.bin"))).isNotEmpty();

    swift.delete(container, "doomed.bin");
    sync();

    assertThatThrownBy(() -> head("doomed.bin")).isInstanceOf(NoSuchKeyException.class);
    assertThatThrownBy(() -> s3Bytes(manifestKey("doomed.bin"))).isInstanceOf(NoSuchKeyException.class);
  }

  // --- helpers ---

  private Map<String, Long> writes() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String operation : WRITES) {
      counts.put(operation, s3.requests(operation));
    }
    return counts;
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private Path write(String name, byte[] content) throws IOException {
    Path file = dir.resolve("upload-" + System.nanoTime() + "-" + name.hashCode());
    Files.write(file, content);
    return file;
  }

  private void uploadSlo(String name, byte[] content, int segmentSize) throws IOException {
    Path file = write(name, content);
    fx.saio.swiftCli("upload", "--use-slo", "-S", String.valueOf(segmentSize), container, file.toString(),
        "--object-name", name);
  }

  private static Map<String, Object> segment(String segmentContainer, String object, String range) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("path", "/" + segmentContainer + "/" + object);
    if (range != null) {
      entry.put("range", range);
    }
    return entry;
  }

  private void putManifest(String name, List<Map<String, Object>> entries) throws IOException {
    ArrayNode json = SyncFixture.JSON.valueToTree(entries);
    HttpResponse<byte[]> response = swift.request("PUT", swift.url(container, name) + "?multipart-manifest=put",
        Map.of("Content-Type", "application/octet-stream"), SyncFixture.JSON.writeValueAsBytes(json));
    assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(201);
  }

  /** The manifest exactly as Swift stores it: a GET through the internal proxy (no slo filter). */
  private byte[] rawManifest(String name) throws Exception {
    HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(localUri(name)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Static-Large-Object")).hasValue("True");
    return response.body();
  }

  /** Lower-cased headers of an internal-proxy HEAD (values as the raw UTF-8 bytes Swift sent). */
  private Map<String, String> localHead(String name) throws Exception {
    HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(localUri(name))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    Map<String, String> headers = new LinkedHashMap<>();
    response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
    return headers;
  }

  private URI localUri(String name) {
    return URI.create(fx.saio.internalProxyUrl() + "/v1/" + fx.saio.account() + "/"
        + SwiftClient.encodePath(container) + "/" + SwiftClient.encodePath(name));
  }

  private String key(String object) {
    return s3Key(fx.saio.account(), container, object);
  }

  /** swift-s3-sync's manifest key, computed independently of the code under test. */
  private String manifestKey(String object) throws Exception {
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(object.getBytes(StandardCharsets.UTF_8)));
    return SyncFixture.prefix(fx.saio.account(), container) + "/.manifests/" + fx.saio.account() + "/" + container
        + "/" + sha + ".swift_slo_manifest";
  }

  private HeadObjectResponse head(String object) {
    return s3.client().headObject(b -> b.bucket(bucket).key(key(object)));
  }

  private byte[] s3Bytes(String key) {
    return s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  /** MD5 of the whole object as an S3 user reads it, streamed. */
  private String s3Md5(String object) throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    try (ResponseInputStream<GetObjectResponse> in = s3.client().getObject(b -> b.bucket(bucket).key(key(object)))) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md5.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private static List<String> segmentMd5s(byte[] content, int segmentSize) {
    List<String> md5s = new ArrayList<>();
    for (int at = 0; at < content.length; at += segmentSize) {
      md5s.add(md5Hex(slice(content, at, Math.min(content.length, at + segmentSize))));
    }
    return md5s;
  }

  /** Upstream's {@code get_slo_etag}: md5 of the concatenated binary MD5s, dash, part count. */
  private static String mpuEtag(List<String> md5s) throws Exception {
    ByteArrayOutputStream binary = new ByteArrayOutputStream();
    for (String md5 : md5s) {
      binary.write(HexFormat.of().parseHex(md5));
    }
    return md5Hex(binary.toByteArray()) + "-" + md5s.size();
  }

  private static byte[] slice(byte[] data, int from, int to) {
    return java.util.Arrays.copyOfRange(data, from, to);
  }

  private static byte[] concat(byte[]... parts) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part);
    }
    return out.toByteArray();
  }

  static Map<String, String> lowerKeys(Map<String, String> metadata) {
    return SyncToS3IT.lowerKeys(metadata);
  }
}
