package io.cloudsync.store.swift;

import static io.cloudsync.store.TestBytes.md5;
import static io.cloudsync.store.TestBytes.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.config.Secret;
import io.cloudsync.largeobject.DloBody;
import io.cloudsync.largeobject.InternalProxySegments;
import io.cloudsync.largeobject.SloBody;
import io.cloudsync.store.CountingSource;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.local.InternalProxyClient;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.testing.Saio;
import io.cloudsync.testing.SwiftClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the Swift backend does, against the SAIO: a single-container mapping writes every
 * object verbatim into {@code aws_bucket}, created on first use; a container the cluster refuses to
 * create blocks the mapping; real local large objects (read through the internal proxy, as the
 * daemon reads them) arrive as an SLO with the local bytes and ETag, or as a DLO's joined content,
 * and are current on the next pass; an expired token costs one new login. Results are checked as
 * a user of {@code AUTH_test2} would see them, requests counted in the proxy's access log.
 */
class SwiftStoreSingleContainerIT {
  private static SwiftServer server;
  private static SwiftClient local;
  private static InternalProxyClient internalProxy;

  private String id;
  private String remote;
  private SwiftStore store;

  @BeforeAll
  static void start() {
    server = SwiftServer.saio();
    local = Saio.get().client();
    internalProxy = new InternalProxyClient(URI.create(Saio.get().internalProxyUrl()), 4);
  }

  @BeforeEach
  void open() {
    id = UUID.randomUUID().toString().substring(0, 8);
    remote = "cs-single-" + id;
    store = new SwiftStore(server.settings(server.address(remote), false));
  }

  @AfterEach
  void close() {
    store.close();
    server.inspect(remote).removeBucket();
    new SwiftInspector(local, "cs-local-" + id).removeBucket();
  }

  @Test
  void everyContainersObjectsGoVerbatimIntoTheOneRemoteContainerCreatedOnFirstUse() throws Exception {
    assertThat(server.plain().request("HEAD", remote, null, Map.of(), null).statusCode()).isEqualTo(404);
    byte[] body = "one".getBytes(StandardCharsets.UTF_8);
    ObjectMetadata meta = ObjectMetadata.simple(md5(body), "text/plain", body.length, Map.of("color", "ünï ☯"));

    store.upload(new SwiftPath("AUTH_test", "local", "dir/ob ject"), meta, new CountingSource(body));

    assertThat(server.plain().list(remote)).containsExactly("dir/ob ject");
    HttpResponse<byte[]> get = server.plain().request("GET", remote, "dir/ob ject", Map.of(), null);
    assertThat(get.body()).isEqualTo(body);
    assertThat(get.headers().firstValue("Etag")).hasValue(md5(body));
    assertThat(new String(get.headers().firstValue("X-Object-Meta-Color").orElseThrow()
        .getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)).isEqualTo("ünï ☯");
    assertThat(store.listEtags("AUTH_test", "local", 10).orElseThrow().lookup("dir/ob ject", md5(body)))
        .isEqualTo(ListedEtags.Lookup.SAME_ETAG);
    assertThat(store.describe()).contains("container '" + remote + "'").doesNotContain(SwiftServer.KEY);
  }

  @Test
  void probeCreatesTheContainerAndAContainerTheClusterRefusesBlocksTheMapping() throws Exception {
    store.probe();
    assertThat(server.plain().request("HEAD", remote, null, Map.of(), null).statusCode()).isEqualTo(204);

    // Without /info the cluster's own answers tell: HEAD 404, then PUT 400 (name too long).
    String tooLong = remote + "-" + "x".repeat(250);
    SwiftSettings settings = server.settings(server.address(tooLong), false);
    SwiftSession session = new SwiftSession(settings.authUrl(), settings.user(), settings.key(), null, 2,
        SwiftSession.USER_AGENT, null);
    session.assumeLimits(SwiftLimits.UNKNOWN);
    try (SwiftStore refused = new SwiftStore(settings, session)) {
      assertThatThrownBy(refused::probe)
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NO_SUCH_BUCKET))
          .hasMessageContaining("404").hasMessageContaining("400 Bad Request")
          .hasMessageContaining("cannot be created");
    }
  }

  @Test
  void aLocalSloArrivesAsAnSloWithTheLocalBytesAndEtagAndIsCurrentOnTheNextPass() throws Exception {
    String localContainer = "cs-local-" + id;
    String segments = "cs-local-" + id + "_segs";
    byte[] first = random(1024 * 1024 + 11, 1);
    byte[] second = random(2000, 2);
    local.createContainer(localContainer);
    local.createContainer(segments);
    local.put(segments, "big/1", first, Map.of());
    local.put(segments, "big/2", second, Map.of());
    String manifest = "[{\"path\": \"/" + segments + "/big/1\"}, {\"path\": \"/" + segments + "/big/2\"},"
        + " {\"path\": \"/" + segments + "/big/1\", \"range\": \"0-99\"}]";
    putSlo(localContainer, "big", manifest, Map.of("X-Object-Meta-Color", "blue", "Content-Type",
        "application/x-big"));
    SwiftPath path = new SwiftPath("AUTH_test", localContainer, "big");
    ObjectMetadata meta = internalProxy.head(path, false).orElseThrow();
    assertThat(meta.staticLargeObject()).isTrue();
    SloBody body = SloBody.read(path, meta.etag(), new InternalProxySegments(internalProxy));

    store.uploadLargeObject(path, meta, body);

    HttpResponse<byte[]> localGet = local.request("GET", localContainer, "big", Map.of(), null);
    HttpResponse<byte[]> remoteGet = server.plain().request("GET", remote, "big", Map.of(), null);
    assertThat(remoteGet.body()).isEqualTo(localGet.body());
    assertThat(remoteGet.headers().firstValue("X-Static-Large-Object")).hasValue("True");
    assertThat(remoteGet.headers().firstValue("Content-Type")).hasValue("application/x-big");
    assertThat(remoteGet.headers().firstValue("X-Object-Meta-Color")).hasValue("blue");
    assertThat(server.plain().list(SwiftSettings.segmentsContainer(remote))).containsExactly(
        segments + "/big/1", segments + "/big/1/0-99", segments + "/big/2");
    // Whole segments keep their ETags; the ranged entry is copied as its 100 bytes, so only the
    // ETag of a manifest without ranges would be the local one:
    assertThat(remoteGet.headers().firstValue("Etag")).isPresent();

    RemoteObject copy = store.head(path).orElseThrow();
    assertThat(copy.staticLargeObject()).isTrue();
    assertThat(copy.sloEtag()).isEqualTo(meta.etag());
    assertThat(copy.userMetadata()).containsExactly(Map.entry("color", "blue"));
    assertThat(store.isCurrent(meta, copy)).as("the next pass sends nothing").isTrue();

    store.delete(path);
    assertThat(server.plain().list(remote)).isEmpty();
    assertThat(server.plain().list(SwiftSettings.segmentsContainer(remote))).isEmpty();
  }

  @Test
  void anSloOfWholeSegmentsHasTheLocalSloEtagRemotely() throws Exception {
    String localContainer = "cs-local-" + id;
    byte[] first = random(300_000, 3);
    byte[] second = random(1234, 4);
    local.createContainer(localContainer);
    local.put(localContainer, "s/1", first, Map.of());
    local.put(localContainer, "s/2", second, Map.of());
    String manifest = "[{\"path\": \"/" + localContainer + "/s/1\"}, {\"path\": \"/" + localContainer + "/s/2\"}]";
    putSlo(localContainer, "whole", manifest, Map.of());
    SwiftPath path = new SwiftPath("AUTH_test", localContainer, "whole");
    ObjectMetadata meta = internalProxy.head(path, false).orElseThrow();
    SloBody body = SloBody.read(path, meta.etag(), new InternalProxySegments(internalProxy));

    String segmentPut = " PUT /v1/AUTH_test2/" + SwiftSettings.segmentsContainer(remote) + "/";
    store.uploadLargeObject(path, meta, body);
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> countLines(segmentPut) == 2);
    store.uploadLargeObject(path, meta, body); // the segments are there: only the manifest is sent again

    String localEtag = local.request("HEAD", localContainer, "whole", Map.of(), null).headers()
        .firstValue("Etag").orElseThrow();
    assertThat(server.plain().request("HEAD", remote, "whole", Map.of(), null).headers().firstValue("Etag"))
        .hasValue(localEtag);
    assertThat(store.head(path).orElseThrow().etag()).isEqualTo(localEtag.replace("\"", ""));
    Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
        .until(() -> countLines(segmentPut) == 2);
  }

  @Test
  void aLocalDloArrivesAsOneObjectWithItsJoinedContent() throws Exception {
    String localContainer = "cs-local-" + id;
    byte[] first = random(70_000, 5);
    byte[] second = random(999, 6);
    local.createContainer(localContainer);
    local.put(localContainer, "parts/a", first, Map.of());
    local.put(localContainer, "parts/b", second, Map.of());
    local.put(localContainer, "dlo", new byte[0], Map.of("X-Object-Manifest", localContainer + "/parts/"));
    SwiftPath path = new SwiftPath("AUTH_test", localContainer, "dlo");
    ObjectMetadata meta = internalProxy.head(path, false).orElseThrow();
    assertThat(meta.objectManifest()).isNotNull();

    store.uploadLargeObject(path, meta, new DloBody(path, meta, new InternalProxySegments(internalProxy)));

    HttpResponse<byte[]> remoteGet = server.plain().request("GET", remote, "dlo", Map.of(), null);
    assertThat(remoteGet.body()).isEqualTo(local.request("GET", localContainer, "dlo", Map.of(), null).body());
    assertThat(remoteGet.headers().firstValue("X-Object-Manifest")).isEmpty();
    assertThat(remoteGet.headers().firstValue("Etag")).hasValue(md5(remoteGet.body()));
    assertThat(store.isCurrent(meta, store.head(path).orElseThrow())).isTrue();
  }

  @Test
  void anExpiredTokenCostsOneNewLoginAndTheRequestSucceeds() throws Exception {
    String agent = "cloudsync-reauth-" + id;
    SwiftSettings settings = server.settings(server.address(remote), false);
    SwiftSession session = expiredSession(settings, agent, "0");
    byte[] body = "after a new login".getBytes(StandardCharsets.UTF_8);
    try (SwiftStore expired = new SwiftStore(settings, session)) {
      expired.upload(new SwiftPath("AUTH_test", "c", "o"), ObjectMetadata.simple(md5(body), "text/plain",
          body.length, Map.of()), new CountingSource(body));
      expired.upload(new SwiftPath("AUTH_test", "c", "o2"), ObjectMetadata.simple(md5(body), "text/plain",
          body.length, Map.of()), new CountingSource(body));
    }
    assertThat(server.plain().list(remote)).containsExactly("o", "o2");
    Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      List<String> lines = linesOf(agent);
      assertThat(lines).filteredOn(l -> l.contains(" GET /auth/v1.0 ")).hasSize(1);
      assertThat(lines).filteredOn(l -> l.contains(" 401 ")).hasSize(1);
      assertThat(lines).filteredOn(l -> l.contains(" PUT /v1/AUTH_test2/" + remote + "/o")).hasSize(2);
    });
  }

  @Test
  void wrongKeyAfterAnExpiredTokenIsAuthAndNamesNoSecret() {
    SwiftSettings settings = new SwiftSettings(server.authUrl(), SwiftServer.USER, Secret.of("wrong-key-x"), null,
        remote, false, 2);
    SwiftSession session = expiredSession(settings, SwiftSession.USER_AGENT, "1");
    try (SwiftStore expired = new SwiftStore(settings, session)) {
      assertThatThrownBy(() -> expired.head(new SwiftPath("AUTH_test", "c", "o")))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
          .hasMessageContaining("401").hasMessageNotContaining("wrong-key-x")
          .hasMessageNotContaining("AUTH_tk1111");
    }
  }

  /** A session that starts with a token tempauth does not know (as after it expired). */
  private static SwiftSession expiredSession(SwiftSettings settings, String agent, String digit) {
    return new SwiftSession(settings.authUrl(), settings.user(), settings.key(), null, 2, agent,
        new SwiftSession.Login(URI.create(server.plain().storageUrl()), "AUTH_tk" + digit.repeat(32)));
  }

  private static long countLines(String needle) throws IOException {
    return linesOf(needle).size();
  }

  private static List<String> linesOf(String needle) throws IOException {
    return Files.readAllLines(SwiftServer.proxyLog(), StandardCharsets.ISO_8859_1).stream()
        .filter(l -> l.contains(needle)).toList();
  }

  private static void putSlo(String container, String name, String manifest, Map<String, String> headers) {
    SwiftInspector.expect2xx(local.request("PUT", local.url(container, name) + "?multipart-manifest=put", headers,
        manifest.getBytes(StandardCharsets.UTF_8)));
  }
}
