package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.shunt.ShuntOptions;
import io.cloudsync.shunt.archive.ArchiveSettings;
import io.cloudsync.shunt.archive.ConfiguredShunt;
import io.cloudsync.shunt.archive.RemoteArchiveReader;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.Shell;
import io.cloudsync.testing.SwiftClient;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The shunt in front of the real Swift all-in-one, serving objects that {@code cloudsync sync}
 * archived into a real S3 server (S3Proxy), driven with the {@code swift} CLI and plain HTTP the
 * way a user would. Remote listings are read two keys at a time so every listing crosses several
 * remote pages.
 */
class ShuntIT extends SaioS3TestBase {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final int PAGE = 2;

  String container;
  String bucket;
  ConfiguredShunt shunt;
  String base;

  @BeforeEach
  void setUp() {
    container = unique("shunt-it");
    bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
  }

  @AfterEach
  void stopShunt() {
    if (shunt != null) {
      shunt.close();
    }
    readerLogger().detachAppender(readerLog);
    readerLogger().setLevel(null);
  }

  /** The archive reader's decisions, to tell the direct S3 path from the SDK's. */
  private final ListAppender<ILoggingEvent> readerLog = new ListAppender<>();

  private static Logger readerLogger() {
    return (Logger) LoggerFactory.getLogger(RemoteArchiveReader.class);
  }

  private void recordReaderDecisions() {
    readerLog.start();
    readerLogger().setLevel(Level.DEBUG);
    readerLogger().addAppender(readerLog);
  }

  private List<String> readerDecisions() {
    return readerLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  private ObjectNode archiveMapping(String bucketName, String endpoint) {
    ObjectNode m = fx.mapping(container, bucketName, endpoint, EmbeddedS3.IDENTITY, EmbeddedS3.SECRET);
    m.put("retain_local", false);
    m.put("propagate_delete", false);
    m.put("copy_after", 0);
    return m;
  }

  private Path archiveConfig(boolean restore) throws Exception {
    ObjectNode m = archiveMapping(bucket, s3.endpoint().toString());
    if (restore) {
      m.put("restore_object", true);
    }
    return fx.write("sync.json", fx.config(1, m));
  }

  private void archive(Path config) {
    SyncFixture.Run run = fx.syncOnce(config);
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private void startShunt(Path config) throws Exception {
    shunt = ConfiguredShunt.start(config, ConfiguredShunt.load(config), new InetSocketAddress("127.0.0.1", 0),
        URI.create(fx.saio.proxyUrl()), ShuntOptions.defaults(), ArchiveSettings.defaults().withListingPageSize(PAGE),
        Duration.ofMillis(200), new Backends());
    base = "http://127.0.0.1:" + shunt.localAddress().getPort();
  }

  private String url(String c, String object, String query) {
    return base + "/v1/" + fx.saio.account() + "/" + SwiftClient.encodePath(c)
        + (object == null ? "" : "/" + SwiftClient.encodePath(object)) + (query == null ? "" : "?" + query);
  }

  private HttpResponse<byte[]> viaShunt(String method, String object, String query, Map<String, String> headers,
      boolean token) throws Exception {
    return send(method, url(container, object, query), headers, token);
  }

  private HttpResponse<byte[]> send(String method, String url, Map<String, String> headers, boolean token)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
    if (token) {
      b.header("X-Auth-Token", swift.token());
    }
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private long localObjectCount(String c) {
    HttpResponse<byte[]> head = swift.request("HEAD", c, null, Map.of(), null);
    return Long.parseLong(head.headers().firstValue("X-Container-Object-Count").orElse("-1"));
  }

  private String[] swiftCli(String endpoint, String... args) {
    List<String> command = new ArrayList<>(List.of("swift", "-A", endpoint + "/auth/v1.0", "-U", "test:tester",
        "-K", "testing"));
    command.addAll(List.of(args));
    return command.toArray(String[]::new);
  }

  private String cli(String endpoint, String... args) {
    return Shell.run(Duration.ofMinutes(2), Map.of(), swiftCli(endpoint, args)).output();
  }

  /** The lines of {@code swift stat} that describe the object itself (not the request). */
  private static List<String> objectLines(String stat) {
    return stat.lines().map(String::strip)
        .filter(l -> l.startsWith("Meta ") || l.startsWith("ETag:") || l.startsWith("Content Length:")
            || l.startsWith("Content Type:"))
        .sorted().toList();
  }

  private void putWithCli(String object, byte[] data, String... headers) throws Exception {
    Path file = dir.resolve("upload-" + Math.abs(object.hashCode()));
    Files.write(file, data);
    List<String> args = new ArrayList<>(List.of("upload", container, file.toString(), "--object-name", object));
    for (String h : headers) {
      args.add("-H");
      args.add(h);
    }
    cli(fx.saio.proxyUrl(), args.toArray(String[]::new));
  }

  // ---------------------------------------------------------------- objects

  @Test
  void anArchivedObjectIsGoneLocallyButReadsThroughTheShuntWithItsBytesEtagAndMetadata() throws Exception {
    byte[] data = "archived body \u2603".getBytes(StandardCharsets.UTF_8);
    String name = "d\u00eer/\u00fcn\u00efc\u00f6d\u00e9 object";
    putWithCli(name, data, "X-Object-Meta-Spaced: a b", "X-Object-Meta-Uni: \u262f \u00fcn\u00ef",
        "Content-Type: text/x-archive");
    List<String> before = objectLines(cli(fx.saio.proxyUrl(), "stat", container, name));
    assertThat(before).contains("Meta Uni: \u262f \u00fcn\u00ef", "Meta Spaced: a b");

    archive(archiveConfig(false));
    assertThat(localObjectCount(container)).isZero();
    assertThat(swift.request("GET", container, name, Map.of(), null).statusCode()).isEqualTo(404);

    recordReaderDecisions();
    startShunt(archiveConfig(false));
    // HEAD and GET as a user sees them: same metadata, byte for byte, as before archiving.
    assertThat(objectLines(cli(base, "stat", container, name))).isEqualTo(before);
    Path out = dir.resolve("download");
    cli(base, "download", container, name, "-o", out.toString());
    assertThat(Files.readAllBytes(out)).isEqualTo(data);

    HttpResponse<byte[]> get = viaShunt("GET", name, null, Map.of(), true);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(data);
    assertThat(get.headers().firstValue("Etag")).contains(md5Hex(data));
    assertThat(get.headers().firstValue("Content-Type")).contains("text/x-archive");
    assertThat(get.headers().firstValue("Content-Length")).contains(Integer.toString(data.length));
    assertThat(get.headers().firstValue("X-Object-Meta-Spaced")).contains("a b");
    assertThat(get.headers().firstValue("Remote-x-amz-request-id")).isPresent();
    assertThat(get.headers().firstValue("X-Trans-Id")).as("Swift's 404 transaction id is kept").isPresent();
    assertThat(get.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("x-amz-meta-spaced")
        || h.equalsIgnoreCase("x-amz-request-id") || h.equalsIgnoreCase("transfer-encoding"));

    HttpResponse<byte[]> head = viaShunt("HEAD", name, null, Map.of(), true);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Etag")).contains(md5Hex(data));
    assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(data.length));
    // Nothing was restored: restore_object is off.
    assertThat(swift.request("HEAD", container, name, Map.of(), null).statusCode()).isEqualTo(404);
    assertThat(readerDecisions()).as("GETs of an S3Proxy archive go over the shunt's own connections")
        .anyMatch(m -> m.startsWith("GET ") && m.endsWith("(direct): 200"))
        .noneMatch(m -> m.contains("reading it through the SDK"));
  }

  /** Netty's buffer memory in this JVM (the shunt's; S3Proxy's Jetty and the SDK's Apache client use none). */
  private static long nettyMemory() {
    long used = Math.max(0, PlatformDependent.usedDirectMemory());
    if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider provider) {
      used = Math.max(used, provider.metric().usedDirectMemory() + provider.metric().usedHeapMemory());
    }
    return used;
  }

  @Test
  void aClientThatStopsReadingAnArchivedObjectHoldsAFewMibInTheShuntNotTheObject() throws Exception {
    int size = 96 << 20;
    byte[] data = new byte[size];
    new Random(7).nextBytes(data);
    swift.put(container, "big", data, Map.of());
    String digest = md5Hex(data);
    data = null;
    archive(archiveConfig(false));
    recordReaderDecisions();
    startShunt(archiveConfig(false));
    long baseline = nettyMemory();

    try (Socket socket = new Socket("127.0.0.1", shunt.localAddress().getPort())) {
      socket.setReceiveBufferSize(64 * 1024);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + URI.create(url(container, "big", null)).getRawPath() + " HTTP/1.1\r\nHost: shunt\r\n"
          + "X-Auth-Token: " + swift.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + size);
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      byte[] buf = new byte[64 * 1024];
      long read = readSome(in, md5, buf, 1 << 20);

      // The client stops reading: the shunt must stop reading S3 too, not buffer the rest.
      long peak = 0;
      for (int i = 0; i < 100; i++) {
        Thread.sleep(20);
        peak = Math.max(peak, nettyMemory() - baseline);
      }
      assertThat(peak).as("Netty memory held while the client does not read (object: %d MiB; peak %d KiB)",
          size >> 20, peak >> 10)
          .isLessThan(24L << 20);

      read += readSome(in, md5, buf, size - read);
      assertThat(read).isEqualTo(size);
      assertThat(HexFormat.of().formatHex(md5.digest())).isEqualTo(digest);
    }
    assertThat(readerDecisions()).anyMatch(m -> m.startsWith("GET ") && m.endsWith("(direct): 200"));
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed in the response head: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static long readSome(InputStream in, MessageDigest md5, byte[] buf, long count) throws IOException {
    long read = 0;
    while (read < count) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, count - read));
      if (n < 0) {
        break;
      }
      md5.update(buf, 0, n);
      read += n;
    }
    return read;
  }

  @Test
  void rangeAndConditionalReadsGoToTheArchiveAndItsAnswersComeBack() throws Exception {
    byte[] data = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    swift.put(container, "r", data, Map.of());
    archive(archiveConfig(false));
    recordReaderDecisions();
    startShunt(archiveConfig(false));
    String etag = md5Hex(data);

    HttpResponse<byte[]> range = viaShunt("GET", "r", null, Map.of("Range", "bytes=2-5"), true);
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(new String(range.body(), StandardCharsets.US_ASCII)).isEqualTo("2345");
    assertThat(range.headers().firstValue("Content-Range")).contains("bytes 2-5/20");

    HttpResponse<byte[]> suffix = viaShunt("GET", "r", null, Map.of("Range", "bytes=-3"), true);
    assertThat(new String(suffix.body(), StandardCharsets.US_ASCII)).isEqualTo("hij");

    assertThat(viaShunt("GET", "r", null, Map.of("If-None-Match", etag), true).statusCode()).isEqualTo(304);
    assertThat(viaShunt("GET", "r", null, Map.of("If-Match", "\"" + etag + "\""), true).statusCode()).isEqualTo(200);
    assertShuntsOwnErrorBody(viaShunt("GET", "r", null, Map.of("If-Match", "0123"), true), 412);
    assertThat(viaShunt("GET", "r", null, Map.of("If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT"), true)
        .statusCode()).isEqualTo(304);
    assertShuntsOwnErrorBody(viaShunt("GET", "r", null, Map.of("If-Unmodified-Since",
        "Thu, 01 Jan 1970 00:00:00 GMT"), true), 412);
    assertShuntsOwnErrorBody(viaShunt("GET", "r", null, Map.of("Range", "bytes=100-200"), true), 416);
    // Not archived anywhere: Swift's own 404.
    HttpResponse<byte[]> missing = viaShunt("GET", "never-existed", null, Map.of(), true);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("Not Found");
    assertThat(missing.headers().firstValue("Remote-x-amz-request-id")).isEmpty();
    // 206 straight from the direct path; 304, 412, 416 and 404 are answered the SDK's way.
    assertThat(readerDecisions()).anyMatch(m -> m.endsWith("(direct): 206"))
        .filteredOn(m -> m.contains("reading it through the SDK")).hasSize(6);
  }

  @Test
  void withoutATokenTheClientGetsSwifts401AndTheArchiveIsNotRead() throws Exception {
    swift.put(container, "secret", "secret".getBytes(StandardCharsets.US_ASCII), Map.of());
    archive(archiveConfig(false));
    startShunt(archiveConfig(false));
    long gets = s3.requests("GetObject");
    long heads = s3.requests("HeadObject");
    long lists = s3.requests("ListObjects") + s3.requests("ListObjectsV2");

    HttpResponse<byte[]> get = viaShunt("GET", "secret", null, Map.of(), false);
    assertThat(get.statusCode()).isEqualTo(401);
    assertThat(new String(get.body(), StandardCharsets.UTF_8)).doesNotContain("secret");
    assertThat(viaShunt("HEAD", "secret", null, Map.of(), false).statusCode()).isEqualTo(401);
    assertThat(viaShunt("GET", null, "format=json", Map.of(), false).statusCode()).isEqualTo(401);
    assertThat(viaShunt("GET", "secret", null, Map.of("X-Auth-Token", "AUTH_tkbogus"), false).statusCode())
        .isEqualTo(401);

    assertThat(s3.requests("GetObject")).isEqualTo(gets);
    assertThat(s3.requests("HeadObject")).isEqualTo(heads);
    assertThat(s3.requests("ListObjects") + s3.requests("ListObjectsV2")).isEqualTo(lists);
    // With the token the same object is served: the counters above could move.
    assertThat(viaShunt("GET", "secret", null, Map.of(), true).statusCode()).isEqualTo(200);
    assertThat(s3.requests("GetObject")).isEqualTo(gets + 1);
  }

  @Test
  void anObjectOverwrittenLocallyAfterArchivingIsServedLocally() throws Exception {
    swift.put(container, "o", "archived version".getBytes(StandardCharsets.US_ASCII), Map.of());
    archive(archiveConfig(false));
    swift.put(container, "o", "new local version".getBytes(StandardCharsets.US_ASCII), Map.of());
    startShunt(archiveConfig(false));
    long gets = s3.requests("GetObject");

    HttpResponse<byte[]> get = viaShunt("GET", "o", null, Map.of(), true);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(new String(get.body(), StandardCharsets.US_ASCII)).isEqualTo("new local version");
    assertThat(get.headers().firstValue("Remote-x-amz-request-id")).isEmpty();
    assertThat(s3.requests("GetObject")).isEqualTo(gets);
    // Listed once, as the local object.
    JsonNode listing = SyncFixture.JSON.readTree(viaShunt("GET", null, "format=json", Map.of(), true).body());
    assertThat(listing).hasSize(1);
    assertThat(listing.get(0).get("hash").asText()).isEqualTo(md5Hex("new local version".getBytes(StandardCharsets.US_ASCII)));
    assertThat(listing.get(0).has("content_location")).isFalse();
  }

  @Test
  void restoreOnReadLeavesALocalCopyWithTheSameBytesAndMetadata() throws Exception {
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new java.util.Random(42).nextBytes(data);
    putWithCli("big restore", data, "X-Object-Meta-Uni: \u262f", "X-Object-Meta-Spaced: x y",
        "Content-Type: application/x-restore");
    List<String> before = objectLines(cli(fx.saio.proxyUrl(), "stat", container, "big restore"));
    swift.put(container, "empty", new byte[0], Map.of());
    Path config = archiveConfig(true);
    archive(config);
    assertThat(localObjectCount(container)).isZero();
    startShunt(config);

    HttpResponse<byte[]> get = viaShunt("GET", "big restore", null, Map.of(), true);
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(md5Hex(get.body())).isEqualTo(md5Hex(data));
    assertThat(viaShunt("GET", "empty", null, Map.of(), true).statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(swift.request("HEAD", container, "big restore", Map.of(), null).statusCode()).isEqualTo(200);
      assertThat(swift.request("HEAD", container, "empty", Map.of(), null).statusCode()).isEqualTo(200);
    });
    // The local copy, read directly from Swift (not through the shunt).
    assertThat(objectLines(cli(fx.saio.proxyUrl(), "stat", container, "big restore"))).isEqualTo(before);
    HttpResponse<byte[]> local = swift.request("GET", container, "big restore", Map.of(), null);
    assertThat(local.body()).isEqualTo(data);
    assertThat(local.headers().map().keySet()).noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("remote-"));
    // The next read through the shunt is local: the archive is not read again.
    long gets = s3.requests("GetObject");
    HttpResponse<byte[]> again = viaShunt("GET", "big restore", null, Map.of(), true);
    assertThat(again.body()).isEqualTo(data);
    assertThat(again.headers().firstValue("Remote-x-amz-request-id")).isEmpty();
    assertThat(s3.requests("GetObject")).isEqualTo(gets);
  }

  @Test
  void aMultiRangeGetOfAnArchivedObjectIsAnsweredAsSwiftAnswersItForTheSameObjectStoredLocally()
      throws Exception {
    byte[] data = new byte[300_000]; // more than one remote read chunk
    new Random(7).nextBytes(data);
    Map<String, String> type = Map.of("Content-Type", "application/x-probe", "X-Object-Meta-Color", "blue");
    String local = unique("shunt-local");
    swift.createContainer(local);
    swift.put(local, "o", data, type);
    swift.put(container, "o", data, type);
    archive(archiveConfig(false));
    startShunt(archiveConfig(false));
    String localUrl = fx.saio.proxyUrl() + "/v1/" + fx.saio.account() + "/" + local + "/o";

    for (String range : List.of("bytes=0-0,5-", "bytes=5-,0-0", "bytes=0-0,299990-,100-299000",
        "bytes=0-0,400000-", "bytes=400000-,500000-", "bytes=0-5,2-8,3-9", "bytes=-0,-0", "bytes=0-0,x")) {
      HttpResponse<byte[]> swiftAnswer = send("GET", localUrl, Map.of("Range", range), true);
      HttpResponse<byte[]> shuntAnswer = viaShunt("GET", "o", null, Map.of("Range", range), true);
      assertThat(shuntAnswer.statusCode()).as(range).isEqualTo(swiftAnswer.statusCode());
      String swiftType = swiftAnswer.headers().firstValue("Content-Type").orElseThrow();
      String shuntType = shuntAnswer.headers().firstValue("Content-Type").orElseThrow();
      assertThat(shuntAnswer.headers().firstValue("Content-Range")).as(range)
          .isEqualTo(swiftAnswer.headers().firstValue("Content-Range"));
      if (swiftAnswer.statusCode() == 416) {
        continue; // the shunt's own error body, as for every remote error
      }
      assertThat(shuntAnswer.headers().firstValue("Etag")).isEqualTo(swiftAnswer.headers().firstValue("Etag"));
      assertThat(shuntAnswer.headers().firstValue("X-Object-Meta-Color")).contains("blue");
      if (!swiftType.startsWith("multipart/")) {
        assertThat(shuntType).as(range).isEqualTo(swiftType);
        assertThat(shuntAnswer.body()).as(range).isEqualTo(swiftAnswer.body());
        continue;
      }
      String swiftBoundary = swiftType.substring(swiftType.indexOf("boundary=") + 9);
      String shuntBoundary = shuntType.substring(shuntType.indexOf("boundary=") + 9);
      assertThat(shuntType).as(range).isEqualTo(swiftType.replace(swiftBoundary, shuntBoundary));
      assertThat(shuntBoundary).hasSameSizeAs(swiftBoundary).isNotEqualTo(swiftBoundary);
      // Part headers and bodies byte for byte: only the boundary differs.
      byte[] expected = new String(swiftAnswer.body(), StandardCharsets.ISO_8859_1)
          .replace(swiftBoundary, shuntBoundary).getBytes(StandardCharsets.ISO_8859_1);
      assertThat(shuntAnswer.body()).as(range).isEqualTo(expected);
      assertThat(shuntAnswer.headers().firstValue("Content-Length"))
          .isEqualTo(swiftAnswer.headers().firstValue("Content-Length"));
    }
  }

  @Test
  void aPartialReadIsNotRestoredButAWholeRangeIs() throws Exception {
    byte[] data = "restore by range".getBytes(StandardCharsets.US_ASCII);
    swift.put(container, "part", data, Map.of());
    swift.put(container, "whole", data, Map.of());
    Path config = archiveConfig(true);
    archive(config);
    startShunt(config);

    assertThat(viaShunt("GET", "part", null, Map.of("Range", "bytes=0-3"), true).statusCode()).isEqualTo(206);
    assertThat(viaShunt("HEAD", "whole", null, Map.of(), true).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> whole = viaShunt("GET", "whole", null, Map.of("Range", "bytes=0-" + (data.length - 1)), true);
    assertThat(whole.statusCode()).isEqualTo(206);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> swift.request("HEAD", container, "whole", Map.of(), null).statusCode() == 200);
    assertThat(swift.request("GET", container, "whole", Map.of(), null).body()).isEqualTo(data);
    assertThat(swift.request("HEAD", container, "part", Map.of(), null).statusCode()).isEqualTo(404);
  }

  @Test
  void aClientThatClosesRightAfterTheLastByteStillGetsTheObjectRestored() throws Exception {
    byte[] small = "small".getBytes(StandardCharsets.US_ASCII);
    swift.put(container, "zero", new byte[0], Map.of());
    swift.put(container, "small", small, Map.of());
    Path config = archiveConfig(true);
    archive(config);
    assertThat(localObjectCount(container)).isZero();
    assertThat(swift.request("HEAD", container, "zero", Map.of(), null).statusCode()).isEqualTo(404);
    startShunt(config);
    int port = shunt.localAddress().getPort();
    String path = "/v1/" + fx.saio.account() + "/" + container + "/";

    assertThat(new RawRequest("GET", path + "zero", swift.token()).readBodyAndClose(port)).isEmpty();
    assertThat(new RawRequest("GET", path + "small", swift.token()).readBodyAndClose(port)).isEqualTo(small);
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(swift.request("HEAD", container, "zero", Map.of(), null).statusCode()).isEqualTo(200);
      assertThat(swift.request("HEAD", container, "small", Map.of(), null).statusCode()).isEqualTo(200);
    });
    assertThat(swift.request("GET", container, "small", Map.of(), null).body()).isEqualTo(small);
  }

  /**
   * Swift's limits: 90 metadata items, 4096 bytes of names and values. Swift's answer and the
   * archive's both pass the shunt's decoders. (The archived object is written into S3 directly:
   * this SAIO's ext4 xattrs cannot hold an object's 90 metadata items, and a 507 would
   * error-limit its object servers for every test; container metadata lives in the DB.)
   */
  @Test
  void swiftsMostMetadataPassesThroughAndIsServedFromTheArchive() throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> s3Metadata = new LinkedHashMap<>();
    for (int i = 0; i < 90; i++) {
      String value = String.format("%02d", i) + "v".repeat(40); // 3 + 42 bytes each: 4050 bytes in all
      headers.put(String.format("X-Container-Meta-m%02d", i), value);
      s3Metadata.put(String.format("m%02d", i), value);
    }
    swift.request("POST", container, null, headers, null);
    startShunt(archiveConfig(false));
    HttpResponse<byte[]> local = viaShunt("HEAD", null, null, Map.of(), true);
    assertThat(local.statusCode()).isEqualTo(204);
    assertThat(local.headers().map().keySet()).filteredOn(h -> h.toLowerCase().startsWith("x-container-meta-m"))
        .hasSize(90);

    byte[] data = "ninety".getBytes(StandardCharsets.US_ASCII);
    s3.client().putObject(b -> b.bucket(bucket).key(SyncFixture.s3Key(fx.saio.account(), container, "meta"))
        .metadata(s3Metadata), software.amazon.awssdk.core.sync.RequestBody.fromBytes(data));
    for (String method : List.of("HEAD", "GET")) {
      HttpResponse<byte[]> archived = viaShunt(method, "meta", null, Map.of(), true);
      assertThat(archived.statusCode()).as(method).isEqualTo(200);
      assertThat(archived.headers().firstValue("Remote-x-amz-request-id")).as(method).isPresent();
      assertThat(archived.headers().map().keySet()).as(method)
          .filteredOn(h -> h.toLowerCase().startsWith("x-object-meta-m")).hasSize(90);
      assertThat(archived.headers().firstValue("X-Object-Meta-m89")).as(method).hasValue("89" + "v".repeat(40));
    }
    assertThat(viaShunt("GET", "meta", null, Map.of(), true).body()).isEqualTo(data);
  }

  // ---------------------------------------------------------------- listings

  /**
   * Names archived into S3 and names written locally afterwards. A reference container holds all
   * of them directly in Swift: the shunt's spliced listing must equal Swift's own listing of it.
   */
  private static final List<String> ARCHIVED = List.of("a/1", "a/2", "b", "c d", "d\u00eer/x", "d\u00eer/y", "e",
      "g+h", "m/n/o", "z\u2603", "\ud83d\ude00 astral");
  private static final List<String> LOCAL = List.of("a/3", "c", "f", "m/p", "\uffef bmp");

  private static final List<String> QUERIES = List.of("", "limit=3", "limit=1", "marker=b", "marker=c",
      "end_marker=e", "marker=a/2&end_marker=f", "prefix=a/", "prefix=d", "delimiter=/", "delimiter=/&marker=a/",
      "delimiter=/&prefix=m/", "delimiter=/&limit=4", "reverse=true", "reverse=true&limit=2",
      "reverse=true&marker=e&end_marker=a/2", "reverse=on&delimiter=/", "reverse=true&prefix=a/",
      "marker=a/1&limit=4", "prefix=z&marker=a", "marker=" + enc("\u00ff"), "prefix=nothing");

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private String listingFixture() throws Exception {
    for (String name : ARCHIVED) {
      swift.put(container, name, ("remote " + name).getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain"));
    }
    archive(archiveConfig(false));
    assertThat(localObjectCount(container)).isZero();
    for (String name : LOCAL) {
      swift.put(container, name, ("local " + name).getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain"));
    }
    String reference = unique("shunt-ref");
    swift.createContainer(reference);
    for (String name : ARCHIVED) {
      swift.put(reference, name, new byte[0], Map.of("Content-Type", "text/plain"));
    }
    for (String name : LOCAL) {
      swift.put(reference, name, new byte[0], Map.of("Content-Type", "text/plain"));
    }
    startShunt(archiveConfig(false));
    return reference;
  }

  private HttpResponse<byte[]> direct(String c, String query) {
    return swift.request("GET", swift.url(c, null) + (query.isEmpty() ? "" : "?" + query), Map.of(), null);
  }

  @Test
  void listingsSpliceArchivedAndLocalObjectsInSwiftsOrderInEveryFormat() throws Exception {
    String reference = listingFixture();
    String location = s3.endpoint() + ";" + bucket + ";" + SyncFixture.prefix(fx.saio.account(), container) + "/"
        + fx.saio.account() + "/" + container + "/";
    for (String query : QUERIES) {
      String sep = query.isEmpty() ? "" : "&";
      // plain: byte for byte what Swift lists for the reference container
      HttpResponse<byte[]> expectedPlain = direct(reference, query);
      HttpResponse<byte[]> plain = viaShunt("GET", null, query, Map.of(), true);
      assertThat(plain.statusCode()).as(query).isEqualTo(expectedPlain.statusCode());
      assertThat(new String(plain.body(), StandardCharsets.UTF_8)).as("plain " + query)
          .isEqualTo(new String(expectedPlain.body(), StandardCharsets.UTF_8));
      assertThat(plain.headers().firstValue("Content-Type")).as(query).isEqualTo(expectedPlain.headers().firstValue("Content-Type"));
      assertThat(plain.headers().firstValue("Vary")).as(query).contains("Accept");
      assertThat(plain.headers().firstValue("X-Container-Object-Count")).as("local count " + query)
          .contains(Integer.toString(LOCAL.size()));

      // json: same names/subdirs; archived-only entries carry content_location, local ones do not
      JsonNode expectedJson = SyncFixture.JSON.readTree(direct(reference, query + sep + "format=json").body());
      HttpResponse<byte[]> jsonResponse = viaShunt("GET", null, query + sep + "format=json", Map.of(), true);
      assertThat(jsonResponse.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
      JsonNode json = SyncFixture.JSON.readTree(jsonResponse.body());
      assertThat(keys(json)).as("json " + query).isEqualTo(keys(expectedJson));
      for (JsonNode entry : json) {
        String key = entry.has("name") ? entry.get("name").asText() : entry.get("subdir").asText();
        boolean local = entry.has("subdir") ? LOCAL.stream().anyMatch(n -> n.startsWith(key)) : LOCAL.contains(key);
        if (local) {
          assertThat(entry.has("content_location")).as(key).isFalse();
        } else {
          assertThat(entry.get("content_location").asText()).as(key).isEqualTo(location);
        }
        if (entry.has("name")) {
          String body = (local ? "local " : "remote ") + key;
          assertThat(entry.get("hash").asText()).as(key).isEqualTo(md5Hex(body.getBytes(StandardCharsets.UTF_8)));
          assertThat(entry.get("bytes").asLong()).as(key).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
          assertThat(entry.get("last_modified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        }
      }

      // xml (asked for with an Accept header): same elements and names as Swift's
      HttpResponse<byte[]> xmlResponse = viaShunt("GET", null, query, Map.of("Accept", "application/xml"), true);
      HttpResponse<byte[]> expectedXml = swift.request("GET", swift.url(reference, null)
          + (query.isEmpty() ? "" : "?" + query), Map.of("Accept", "application/xml"), null);
      assertThat(xmlResponse.headers().firstValue("Content-Type")).contains("application/xml; charset=utf-8");
      assertThat(xmlEntries(xmlResponse.body(), container)).as("xml " + query)
          .isEqualTo(xmlEntries(expectedXml.body(), reference));
    }
  }

  private static List<String> keys(JsonNode listing) {
    List<String> out = new ArrayList<>();
    listing.forEach(e -> out.add(e.has("name") ? e.get("name").asText() : "subdir:" + e.get("subdir").asText()));
    return out;
  }

  /** Element kind and name of each entry, after checking the document's root element. */
  private static List<String> xmlEntries(byte[] body, String container) throws Exception {
    assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<container name=\"");
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(body));
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("container");
    assertThat(root.getAttribute("name")).isEqualTo(container);
    List<String> out = new ArrayList<>();
    NodeList children = root.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e) {
        String name = e.getElementsByTagName("name").item(0).getTextContent();
        out.add(e.getTagName() + ":" + name);
        if (e.getTagName().equals("object")) {
          List<String> fields = new ArrayList<>();
          NodeList f = e.getChildNodes();
          for (int j = 0; j < f.getLength(); j++) {
            fields.add(f.item(j).getNodeName());
          }
          assertThat(fields).containsExactly("name", "hash", "bytes", "content_type", "last_modified");
        } else {
          assertThat(e.getAttribute("name")).isEqualTo(name);
        }
      }
    }
    return out;
  }

  @Test
  void aShuntedContainerWithNothingArchivedListsExactlyAsSwiftDoes() throws Exception {
    for (String name : List.of("x", "y/1", "\u00e9 z")) {
      swift.put(container, name, name.getBytes(StandardCharsets.UTF_8), Map.of());
    }
    startShunt(archiveConfig(false));
    for (String query : List.of("", "format=json", "format=xml", "delimiter=/&format=xml", "prefix=none",
        "prefix=none&format=xml", "reverse=1&format=json")) {
      HttpResponse<byte[]> expected = direct(container, query);
      HttpResponse<byte[]> actual = viaShunt("GET", null, query, Map.of(), true);
      assertThat(actual.statusCode()).as(query).isEqualTo(expected.statusCode());
      assertThat(actual.body()).as(query).isEqualTo(expected.body());
      Map<String, List<String>> want = new LinkedHashMap<>(expected.headers().map());
      Map<String, List<String>> got = new LinkedHashMap<>(actual.headers().map());
      for (String volatileHeader : List.of("date", "x-trans-id", "x-openstack-request-id", "x-timestamp",
          "last-modified")) {
        want.remove(volatileHeader);
        got.remove(volatileHeader);
      }
      assertThat(got).as(query).isEqualTo(want);
    }
  }

  @Test
  void listingsUpstreamDuplicatesListAnObjectInBothPlacesTwice() throws Exception {
    swift.put(container, "both", "v1".getBytes(StandardCharsets.US_ASCII), Map.of());
    archive(archiveConfig(false));
    swift.put(container, "both", "v2".getBytes(StandardCharsets.US_ASCII), Map.of());
    ObjectNode m = archiveMapping(bucket, s3.endpoint().toString());
    m.put("listing_duplicates", "upstream");
    startShunt(fx.write("upstream.json", fx.config(1, m)));
    JsonNode listing = SyncFixture.JSON.readTree(viaShunt("GET", null, "format=json", Map.of(), true).body());
    assertThat(keys(listing)).containsExactly("both", "both");
    assertThat(listing.get(0).has("content_location")).isTrue();
    assertThat(listing.get(1).has("content_location")).isFalse();
  }

  @Test
  void anUnreachableArchiveGivesTheLocalListingAnd502ForMissingObjects() throws Exception {
    swift.put(container, "local", "here".getBytes(StandardCharsets.US_ASCII), Map.of());
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    ObjectNode m = archiveMapping(bucket, "http://127.0.0.1:" + deadPort);
    startShunt(fx.write("dead.json", fx.config(1, m)));
    HttpResponse<byte[]> listing = viaShunt("GET", null, "format=plain", Map.of(), true);
    assertThat(listing.statusCode()).isEqualTo(200);
    assertThat(new String(listing.body(), StandardCharsets.UTF_8)).isEqualTo("local\n");
    HttpResponse<byte[]> missing = viaShunt("GET", "gone", null, Map.of(), true);
    assertThat(missing.statusCode()).isEqualTo(502);
    assertThat(missing.body().length).isLessThan(200);
    assertThat(viaShunt("GET", "local", null, Map.of(), true).statusCode()).isEqualTo(200);
  }

  @Test
  void anArchiveThatRefusesTheShuntsCredentialsPassesItsRefusalOn() throws Exception {
    swift.put(container, "kept", "archived".getBytes(StandardCharsets.US_ASCII), Map.of());
    archive(archiveConfig(false));
    swift.put(container, "local", "here".getBytes(StandardCharsets.US_ASCII), Map.of());
    ObjectNode m = fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, "wrong-secret");
    m.put("retain_local", false);
    m.put("propagate_delete", false);
    ObjectNode restoring = m.deepCopy().put("restore_object", true);
    // Without restores GETs try the direct S3 path first; with restores they go the SDK's way only.
    for (ObjectNode mapping : List.of(m, restoring)) {
      startShunt(fx.write("wrong.json", fx.config(1, mapping)));
      HttpResponse<byte[]> get = viaShunt("GET", "kept", null, Map.of(), true);
      assertShuntsOwnErrorBody(get, 403);
      assertThat(get.headers().firstValue("Remote-x-amz-request-id")).isPresent();
      assertThat(viaShunt("HEAD", "kept", null, Map.of(), true).statusCode()).isEqualTo(403);
      assertShuntsOwnErrorBody(viaShunt("GET", "kept", null, Map.of("Range", "bytes=0-1"), true), 403);
      assertThat(new String(viaShunt("GET", null, "format=plain", Map.of(), true).body(), StandardCharsets.UTF_8))
          .isEqualTo("local\n");
      shunt.close();
      shunt = null;
    }
    assertThat(swift.request("HEAD", container, "kept", Map.of(), null).statusCode()).isEqualTo(404);
  }

  /**
   * A remote error is passed on with its status and a body of the shunt's own: S3's error bodies
   * carry signing details ({@code AWSAccessKeyId}, {@code StringToSign}, {@code CanonicalRequest}).
   */
  private static void assertShuntsOwnErrorBody(HttpResponse<byte[]> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    String body = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(body).contains(Integer.toString(status))
        .doesNotContain("AWSAccessKeyId", "StringToSign", "CanonicalRequest", "SignatureDoesNotMatch", "<Error>",
            "<Code>", EmbeddedS3.IDENTITY);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("text/plain"));
  }

  // ---------------------------------------------------------------- configuration

  @Test
  void withoutAConfigEverythingPassesThroughAndAConfigThatAppearsIsPickedUp() throws Exception {
    swift.put(container, "arch", "archived".getBytes(StandardCharsets.US_ASCII), Map.of());
    Path config = archiveConfig(false);
    archive(config);
    Path missing = dir.resolve("later.json");
    startShunt(missing);
    assertThat(viaShunt("GET", "arch", null, Map.of(), true).statusCode()).isEqualTo(404);
    assertThat(viaShunt("GET", null, "format=plain", Map.of(), true).statusCode()).isEqualTo(204);

    Files.writeString(dir.resolve("later.json.tmp"), "{ not json");
    Files.move(dir.resolve("later.json.tmp"), missing);
    Thread.sleep(600);
    assertThat(viaShunt("GET", "arch", null, Map.of(), true).statusCode()).as("invalid config: pass-through")
        .isEqualTo(404);

    Files.copy(config, missing, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> viaShunt("GET", "arch", null, Map.of(), true).statusCode() == 200);
    assertThat(new String(viaShunt("GET", null, "format=plain", Map.of(), true).body(), StandardCharsets.UTF_8))
        .isEqualTo("arch\n");
  }

  @Test
  void badListenOrSwiftProxyExitsTwo() {
    Path config = dir.resolve("none.json");
    assertThat(SyncFixture.cloudsync("shunt", "--config", config.toString(), "--listen", "localhost",
        "--swift-proxy", "http://127.0.0.1:8080").exitCode()).isEqualTo(2);
    assertThat(SyncFixture.cloudsync("shunt", "--config", config.toString(), "--listen", "127.0.0.1:99999",
        "--swift-proxy", "http://127.0.0.1:8080").exitCode()).isEqualTo(2);
    SyncFixture.Run run = SyncFixture.cloudsync("shunt", "--config", config.toString(), "--listen", "127.0.0.1:0",
        "--swift-proxy", "127.0.0.1:8080");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--swift-proxy");
    run = SyncFixture.cloudsync("shunt", "--config", config.toString(), "--listen", "127.0.0.1:0",
        "--swift-proxy", "http://127.0.0.1:8080", "--io-threads", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--io-threads must be 1-256");
    // A missing option is picocli's business: Main maps every picocli error to 1 today.
    assertThat(SyncFixture.cloudsync("shunt", "--config", config.toString(), "--listen", "127.0.0.1:0")
        .exitCode()).isNotZero();
  }

  @Test
  void aHeadTimeoutOrConnectionCapBelowOneExitsTwo() {
    Path config = dir.resolve("none.json");
    for (String[] bad : new String[][] {{"--head-timeout", "0"}, {"--head-timeout", "-5"},
        {"--max-connections", "0"}, {"--max-connections", "-1"}}) {
      SyncFixture.Run run = SyncFixture.cloudsync("shunt", "--config", config.toString(), "--listen", "127.0.0.1:0",
          "--swift-proxy", "http://127.0.0.1:8080", bad[0], bad[1]);
      assertThat(run.exitCode()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(run.err()).contains(bad[0] + " must be at least 1");
    }
  }

  @Test
  void theCommandClosesConnectionsThatSendNoRequestHeadAndTurnsAwayThoseOverTheCap() throws Exception {
    ShuntProcess command = ShuntProcess.start(this, dir.resolve("absent.json"), "shunt-limits.log",
        "--head-timeout", "1", "--max-connections", "1");
    Process process = command.process();
    int port = command.port();
    String metricsUrl = "http://127.0.0.1:" + command.metricsPort() + "/metrics";
    try (Socket held = new Socket()) {
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> send("GET", metricsUrl, Map.of(), false).statusCode() == 200);
      held.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      held.setSoTimeout(10_000);
      held.getOutputStream().write("GET /info HTTP/1.1\r\nHost: any\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readAnswer(held.getInputStream())).startsWith("HTTP/1.1 200 ");
      long served = System.nanoTime();

      String rejected = new RawRequest("GET", "/info", null).exchange(port);
      assertThat(rejected).startsWith("HTTP/1.1 503 ").contains("\r\nConnection: close\r\n");
      assertThat(new String(send("GET", metricsUrl, Map.of(), false).body(), StandardCharsets.UTF_8))
          .contains("cloudsync_shunt_rejected_connections_total 1.0");

      assertThat(held.getInputStream().read()).as("closed: no next request head within 1 s").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - served)).isBetween(Duration.ofMillis(800), Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(10))
          .until(() -> new RawRequest("GET", "/info", null).exchange(port).startsWith("HTTP/1.1 200 "));
    } finally {
      process.destroyForcibly();
    }
  }

  /** Reads one answer with a {@code Content-Length} body; its head and body, one char per byte. */
  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed in the answer's head: " + head);
      }
      head.append((char) b);
    }
    int length = head.toString().lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
        .map(l -> Integer.parseInt(l.substring(15).strip())).findFirst().orElse(0);
    return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  @Test
  void theCommandRunsWithoutAConfigServesRequestsAndStopsOnSigterm() throws Exception {
    Path jar = io.cloudsync.testing.ProjectLayout.root().resolve("cli/target/cloudsync.jar");
    assertThat(jar).exists();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = dir.resolve("shunt.log");
    ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "shunt", "--config", dir.resolve("absent.json").toString(),
        "--listen", "127.0.0.1:" + port, "--swift-proxy", fx.saio.proxyUrl(), "--io-threads", "3",
        "--metrics-bind", "127.0.0.1:" + busy.getLocalPort())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try (busy) {
      base = "http://127.0.0.1:" + port;
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> send("GET", base + "/info", Map.of(), false).statusCode() == 200);
      swift.put(container, "via-cli", "x".getBytes(StandardCharsets.US_ASCII), Map.of());
      assertThat(viaShunt("GET", "via-cli", null, Map.of(), true).body()).isEqualTo("x".getBytes(StandardCharsets.US_ASCII));
      assertThat(process.isAlive()).isTrue();
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(log);
      assertThat(output).contains("configuration file does not exist").contains("passing every request through")
          .contains("3 I/O threads").contains("cloudsync shunt stopped")
          .contains("cannot serve metrics on").contains("the shunt runs without them");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void theCommandServesMetricsOfWhatItDidWithArchivedReads() throws Exception {
    byte[] data = "metered".getBytes(StandardCharsets.US_ASCII);
    swift.put(container, "m", data, Map.of());
    Path config = archiveConfig(false);
    archive(config);
    ShuntProcess command = ShuntProcess.start(this, config, "shunt-metrics.log");
    Process process = command.process();
    int port = command.port();
    int metricsPort = command.metricsPort();
    try {
      base = "http://127.0.0.1:" + port;
      String metricsUrl = "http://127.0.0.1:" + metricsPort + "/metrics";
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> send("GET", metricsUrl, Map.of(), false).statusCode() == 200);
      assertThat(viaShunt("GET", "m", null, Map.of(), true).body()).isEqualTo(data);
      assertThat(viaShunt("GET", "never-existed", null, Map.of(), true).statusCode()).isEqualTo(404);
      assertThat(viaShunt("GET", null, "format=json", Map.of(), true).statusCode()).isEqualTo(200);
      assertThat(viaShunt("GET", "m", null, Map.of(), false).statusCode()).isEqualTo(401);

      String metrics = new String(send("GET", metricsUrl, Map.of(), false).body(), StandardCharsets.UTF_8);
      assertThat(metrics)
          .contains("cloudsync_shunt_archive_reads_total{result=\"served\"} 1.0")
          .contains("cloudsync_shunt_archive_reads_total{result=\"not_archived\"} 1.0")
          .contains("cloudsync_shunt_archive_reads_total{result=\"failed\"} 0.0")
          .contains("cloudsync_shunt_archived_bytes_total " + data.length + ".0")
          // the 401 is an object read too, but Swift's answer is not a 404: no archive read
          .contains("cloudsync_shunt_requests_total{kind=\"object_read\"} 3.0")
          .contains("cloudsync_shunt_requests_total{kind=\"listing\"} 1.0")
          .contains("cloudsync_shunt_client_connections");
      assertThat(new String(send("GET", "http://127.0.0.1:" + metricsPort + "/healthz", Map.of(), false).body(),
          StandardCharsets.UTF_8)).isEqualTo("ok\n");
    } finally {
      process.destroyForcibly();
    }
  }

  /** {@code cloudsync shunt} run from the jar on free ports, relaying to the SAIO, its output in {@code log}. */
  private record ShuntProcess(Process process, int port, int metricsPort) {
    static ShuntProcess start(ShuntIT test, Path config, String log, String... options) throws IOException {
      Path jar = io.cloudsync.testing.ProjectLayout.root().resolve("cli/target/cloudsync.jar");
      int port;
      int metricsPort;
      try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
        port = a.getLocalPort();
        metricsPort = b.getLocalPort();
      }
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "shunt", "--config",
          config.toString(), "--listen", "127.0.0.1:" + port, "--swift-proxy", test.fx.saio.proxyUrl(),
          "--metrics-bind", "127.0.0.1:" + metricsPort));
      command.addAll(List.of(options));
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(test.dir.resolve(log).toFile()).start();
      return new ShuntProcess(process, port, metricsPort);
    }
  }
}
