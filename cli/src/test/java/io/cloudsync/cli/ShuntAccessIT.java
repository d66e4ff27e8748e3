package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.shunt.ShuntOptions;
import io.cloudsync.shunt.archive.ArchiveSettings;
import io.cloudsync.shunt.archive.ConfiguredShunt;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.SwiftClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Swift stays the authority on who may read what: the shunt serves archived data only for the
 * path Swift answered, whatever the request target looks like. AUTH_test archives an object;
 * AUTH_test2 archives a container of its own; requests with absolute-form targets (no token, a
 * bogus token, the other account's token) and AUTH_test2 requests whose object names climb out of
 * its container with dot segments (which S3Proxy resolves) get Swift's refusal or 404, never a
 * byte, an ETag or the metadata of AUTH_test's object, and the archive is not read for them.
 */
class ShuntAccessIT extends SaioS3TestBase {
  private static final String SECRET_BODY = "only AUTH_test may read this";
  private static final String ACCOUNT2 = "AUTH_test2";

  String container;
  String container2;
  String bucket;
  SwiftClient swift2;
  ConfiguredShunt shunt;

  @BeforeEach
  void setUp() throws Exception {
    container = unique("access");
    container2 = unique("access2");
    bucket = unique("bucket");
    s3.createBucket(bucket);
    swift.createContainer(container);
    swift.put(container, "o", SECRET_BODY.getBytes(StandardCharsets.UTF_8), Map.of("X-Object-Meta-Secret", "s3cr3t"));
    swift2 = SwiftClient.login(fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"), fx.saio.env("SWIFT_KEY2"));
    swift2.createContainer(container2);
    swift2.put(container2, "mine", "test2's own".getBytes(StandardCharsets.UTF_8), Map.of());
    Path config = fx.write("sync.json", fx.config(1, archiveMapping(fx.saio.account(), container),
        archiveMapping(ACCOUNT2, container2)));
    SyncFixture.Run run = fx.syncOnce(config);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(swift.request("HEAD", container, "o", Map.of(), null).statusCode()).isEqualTo(404);
    shunt = ConfiguredShunt.start(config, ConfiguredShunt.load(config), new InetSocketAddress("127.0.0.1", 0),
        URI.create(fx.saio.proxyUrl()), ShuntOptions.defaults(), ArchiveSettings.defaults(), Duration.ofMillis(200), new Backends());
    // The archive serves the owner through the shunt: what the tests below must never see.
    String own = raw("GET", "/v1/" + fx.saio.account() + "/" + container + "/o", swift.token());
    assertThat(own).startsWith("HTTP/1.1 200").contains(SECRET_BODY);
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

  private String raw(String method, String target, String token) throws Exception {
    return new RawRequest(method, target, token).exchange(shunt.localAddress().getPort());
  }

  private long archiveReads() {
    return s3.requests("GetObject") + s3.requests("HeadObject");
  }

  private void assertNothingArchivedIn(String answer, String what) {
    String lower = answer.toLowerCase(Locale.ROOT);
    assertThat(answer).as(what).doesNotStartWith("HTTP/1.1 200").doesNotStartWith("HTTP/1.1 206")
        .doesNotContain(SECRET_BODY).doesNotContain(md5Hex(SECRET_BODY.getBytes(StandardCharsets.UTF_8)));
    assertThat(lower).as(what).doesNotContain("x-object-meta-secret").doesNotContain("s3cr3t")
        .doesNotContain("remote-x-amz");
  }

  @Test
  void absoluteFormTargetsAreAuthorizedBySwiftForThePathTheShuntServes() throws Exception {
    String objectPath = "/v1/" + fx.saio.account() + "/" + container + "/o";
    List<String> targets = new ArrayList<>();
    for (String scheme : List.of("http", "https", "HTTP", "foo")) {
      for (String query : List.of("", "?x=1", "?multipart-manifest=get")) {
        targets.add(scheme + "://any" + objectPath + query);
      }
    }
    long reads = archiveReads();
    List<String> tokens = new ArrayList<>();
    tokens.add(null);
    tokens.add("AUTH_tk" + "0".repeat(32));
    tokens.add(swift2.token());
    for (String method : List.of("GET", "HEAD")) {
      for (String target : targets) {
        for (String token : tokens) {
          String what = method + " " + target + " with token " + token;
          String answer = raw(method, target, token);
          assertNothingArchivedIn(answer, what);
          assertThat(answer).as(what).matches("(?s)HTTP/1\\.1 (401|403) .*");
        }
      }
    }
    assertThat(archiveReads()).as("the archive is never read for a request Swift refused").isEqualTo(reads);
  }

  @Test
  void dotSegmentsNeverReachIntoAnotherContainersArchivedKeys() throws Exception {
    String escape = SyncFixture.prefix(fx.saio.account(), container) + "/" + fx.saio.account() + "/" + container
        + "/o";
    List<String> climbs = List.of("../../../", "%2e%2e/%2e%2e/%2e%2e/", "..%2f..%2f..%2f", ".%2E/.%2E/.%2E/",
        "%2E%2E%2F%2E%2E%2F%2E%2E%2F", "./../../../", "x/../../../../");
    long reads = archiveReads();
    for (String method : List.of("GET", "HEAD")) {
      for (String climb : climbs) {
        String target = "/v1/" + ACCOUNT2 + "/" + container2 + "/" + climb + escape;
        String answer = raw(method, target, swift2.token());
        assertNothingArchivedIn(answer, method + " " + target);
        assertThat(answer).as(method + " " + target).startsWith("HTTP/1.1 404");
      }
    }
    for (String name : List.of(".", "..")) {
      String answer = raw("GET", "/v1/" + ACCOUNT2 + "/" + container2 + "/" + name, swift2.token());
      assertNothingArchivedIn(answer, "GET object " + name);
    }
    assertThat(archiveReads()).as("names with dot segments are never looked up in the archive").isEqualTo(reads);
    // AUTH_test2's own archived object is still served.
    assertThat(raw("GET", "/v1/" + ACCOUNT2 + "/" + container2 + "/mine", swift2.token()))
        .startsWith("HTTP/1.1 200").contains("test2's own");
  }
  @Test
  void encodedSlashesAndOtherSpellingsOfAnotherAccountsPathAreSwiftsToRefuse() throws Exception {
    String account = fx.saio.account();
    List<String> targets = List.of(
        "/v1/" + ACCOUNT2 + "%2F..%2F" + account + "/" + container + "/o",
        "/v1/" + account + "%2F" + container + "%2Fo",
        "/v1/" + account + "/" + container + "%2Fo",
        "/v1//" + account + "/" + container + "/o",
        "/v1/%41UTH_test/" + container + "/o".replace("AUTH_test", account),
        "/v1/" + account + "/" + container + "/o%00",
        "/v1/" + account + "/" + container + "/o;x",
        "/v1/" + account + "/" + container + "/o#fragment",
        "/V1/" + account + "/" + container + "/o");
    long reads = archiveReads();
    for (String target : targets) {
      for (String token : java.util.Arrays.asList(null, swift2.token())) {
        String answer = raw("GET", target, token);
        assertNothingArchivedIn(answer, "GET " + target + " with token " + token);
      }
    }
    assertThat(archiveReads()).as("the archive is never read for a request Swift refused").isEqualTo(reads);
  }

  @Test
  void smuggledRequestsNeverGetArchivedData() throws Exception {
    String victim = "GET /v1/" + fx.saio.account() + "/" + container + "/o HTTP/1.1\r\nHost: any\r\n\r\n";
    String own = "/v1/" + ACCOUNT2; // the attacker's own account: passed through, never an archive read
    String token = "X-Auth-Token: " + swift2.token() + "\r\n";
    List<String> payloads = List.of(
        // CL.TE: a front end that trusts Content-Length forwards the smuggled request as body
        "POST " + own + " HTTP/1.1\r\nHost: any\r\n" + token + "Content-Length: " + (5 + victim.length())
            + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + victim,
        // TE.CL: a chunk holding the smuggled request, with a Content-Length that stops before it
        "POST " + own + " HTTP/1.1\r\nHost: any\r\n" + token + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(victim.length()) + "\r\n" + victim + "\r\n0\r\n\r\n",
        // obfuscated Transfer-Encoding and duplicate lengths
        "POST " + own + " HTTP/1.1\r\nHost: any\r\n" + token + "Transfer-Encoding: xchunked\r\nContent-Length: 0\r\n\r\n"
            + victim,
        "POST " + own + " HTTP/1.1\r\nHost: any\r\n" + token + "Content-Length: 0\r\nContent-Length: "
            + victim.length() + "\r\n\r\n" + victim,
        "GET " + own + " HTTP/1.1\r\nHost: any\r\n" + token + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + victim);
    long reads = archiveReads();
    for (String payload : payloads) {
      String answer = pipelined(payload);
      assertNothingArchivedIn(answer.replaceFirst("(?s)^HTTP/1\\.1 \\d{3} ", "HTTP/1.1 xxx "),
          "smuggling payload:\n" + payload);
      assertThat(answer).as("payload %s", payload).doesNotContain(SECRET_BODY);
    }
    assertThat(archiveReads()).as("no smuggled request reached the archive").isEqualTo(reads);
  }

  /** Writes {@code payload} as is on one connection and returns everything answered until it closes or goes quiet. */
  private String pipelined(String payload) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", shunt.localAddress().getPort())) {
      socket.setSoTimeout(3_000);
      socket.getOutputStream().write(payload.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = socket.getInputStream().read(buf)) >= 0; ) {
          out.write(buf, 0, n);
        }
      } catch (java.net.SocketTimeoutException | java.net.SocketException quiet) {
        // the shunt kept the connection open (keep-alive) or reset it: what came so far is the answer
      }
      return out.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
