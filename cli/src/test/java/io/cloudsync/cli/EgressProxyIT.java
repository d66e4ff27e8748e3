package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.shunt.ShuntOptions;
import io.cloudsync.shunt.archive.ArchiveSettings;
import io.cloudsync.shunt.archive.ConfiguredShunt;
import io.cloudsync.store.backends.Backends;
import io.cloudsync.testing.EmbeddedS3;
import io.cloudsync.testing.SwiftClient;
import io.cloudsync.testing.TinyProxy;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code http_proxy} (SPEC §2, issue 17 item 5) through a real forward proxy (Debian's tinyproxy
 * on loopback): the daemon's S3 and remote-Swift clients and the shunt's archive reads and
 * deletes go through it, as its log of forwarded requests shows; the internal proxy and local
 * Swift never do. A proxy that is not there stops the mapping: the clients do depend on it.
 */
class EgressProxyIT extends SaioS3TestBase {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  TinyProxy proxy;
  ConfiguredShunt shunt;
  String container;
  String bucket;

  @BeforeEach
  void setUp() throws Exception {
    proxy = TinyProxy.start(dir);
    container = unique("opsb-egress");
    bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
  }

  @AfterEach
  void tearDown() {
    if (shunt != null) {
      shunt.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private ObjectNode config(URI httpProxy, ObjectNode mapping) {
    ObjectNode c = fx.config(1, mapping);
    c.put("http_proxy", httpProxy.toString());
    return c;
  }

  private ObjectNode s3Mapping() {
    return fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET);
  }

  private List<String> bucketKeys() {
    return s3.client().listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
  }

  /** Requests the proxy forwarded to the internal proxy or to local Swift's account AUTH_test. */
  private List<String> localRequests() {
    String internal = "http://" + URI.create(fx.saio.internalProxyUrl()).getAuthority() + "/";
    String local = "http://" + URI.create(fx.saio.proxyUrl()).getAuthority() + "/v1/" + fx.saio.account() + "/";
    assertThat(proxy.requests("")).as("the proxy log is read").isNotEmpty();
    return proxy.requests("").stream().filter(r -> r.contains(internal) || r.contains(local)).toList();
  }

  @Test
  void theDaemonsS3ClientGoesThroughTheProxyAndTheInternalProxyDoesNot() throws Exception {
    for (int i = 0; i < 3; i++) {
      swift.put(container, "o" + i, ("body " + i).getBytes(StandardCharsets.UTF_8), Map.of());
    }
    ObjectNode mapping = s3Mapping();
    Path conf = fx.write("sync.json", config(proxy.uri(), mapping));

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(bucketKeys()).hasSize(3);
    String s3Authority = s3.endpoint().getAuthority();
    List<String> puts = proxy.requests("PUT http://" + s3Authority + "/" + bucket + "/");
    assertThat(puts).as("every upload went through the proxy").hasSize(3);
    assertThat(proxy.requests(s3Authority)).as("and the bucket probe and HEADs too").hasSizeGreaterThan(3);
    assertThat(localRequests()).as("the internal proxy is reached directly").isEmpty();
  }

  @Test
  void aNativeGcsTargetIsReachedThroughTheProxyForItsTokensAndItsObjects() throws Exception {
    try (io.cloudsync.testing.FakeGcs gcs = io.cloudsync.testing.FakeGcs.start();
        io.cloudsync.testing.FakeGcsTokens tokens = io.cloudsync.testing.FakeGcsTokens.start();
        com.google.cloud.storage.Storage plain = com.google.cloud.storage.StorageOptions.newBuilder()
            .setHost(gcs.endpoint().toString()).setProjectId("test")
            .setCredentials(com.google.cloud.NoCredentials.getInstance()).build().getService()) {
      plain.create(com.google.cloud.storage.BucketInfo.of(bucket));
      for (int i = 0; i < 3; i++) {
        swift.put(container, "g" + i, ("gcs body " + i).getBytes(StandardCharsets.UTF_8), Map.of());
      }
      Path key = java.nio.file.Files.writeString(dir.resolve("sa.json"), tokens.newKey(unique("egress")).json());
      ObjectNode mapping = fx.mapping(container, bucket, gcs.endpoint().toString(), "unused", "unused");
      mapping.remove("aws_identity");
      mapping.remove("aws_secret");
      mapping.put("protocol", "gcs");
      mapping.put("gcs_credentials", key.toString());
      Path conf = fx.write("sync.json", config(proxy.uri(), mapping));

      SyncFixture.Run run = fx.syncOnce(conf);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(plain.list(bucket).streamAll().count()).isEqualTo(3);
      assertThat(proxy.requests("http://" + gcs.endpoint().getAuthority() + "/upload/"))
          .as("every upload went through the proxy").hasSize(3);
      assertThat(proxy.requests(tokens.tokenUri().getAuthority())).as("and the OAuth token request").isNotEmpty();
      assertThat(localRequests()).as("the internal proxy is reached directly").isEmpty();
    }
  }

  @Test
  void aProxyThatIsNotThereStopsTheMappingNothingGoesAroundIt() throws Exception {
    swift.put(container, "o", "body".getBytes(StandardCharsets.UTF_8), Map.of());
    int dead;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      dead = free.getLocalPort();
    }
    Path conf = fx.write("sync.json", config(URI.create("http://127.0.0.1:" + dead), s3Mapping()));

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as("the mapping is blocked: S3 is unreachable without its proxy").isEqualTo(1);
    assertThat(bucketKeys()).isEmpty();
    // The same configuration with the live proxy syncs.
    SyncFixture.Run again = fx.syncOnce(fx.write("sync2.json", config(proxy.uri(), s3Mapping())));
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(bucketKeys()).hasSize(1);
  }

  @Test
  void aRemoteSwiftIsReachedThroughTheProxyForItsLoginAndItsStorage() throws Exception {
    String remoteContainer = unique("opsb-egress-remote");
    swift.put(container, "to swift \u2603", "remote body".getBytes(StandardCharsets.UTF_8), Map.of());
    ObjectNode m = fx.mapping(container, remoteContainer, fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
        fx.saio.env("SWIFT_KEY2"));
    m.put("protocol", "swift");
    Path conf = fx.write("swift.json", config(proxy.uri(), m));

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as(run.err()).isZero();
    SwiftClient remote = SwiftClient.login(fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
        fx.saio.env("SWIFT_KEY2"));
    assertThat(remote.list(remoteContainer)).containsExactly("to swift \u2603");
    String authority = URI.create(fx.saio.env("SWIFT_AUTH_URL")).getAuthority();
    assertThat(proxy.requests("GET http://" + authority + "/auth/v1.0")).as("the login").isNotEmpty();
    assertThat(proxy.requests("PUT http://" + authority + "/v1/AUTH_test2/" + remoteContainer + "/"))
        .as("the upload").hasSize(1);
    assertThat(localRequests()).isEmpty();
  }

  @Test
  void theShuntReadsAndDeletesArchivedObjectsThroughTheProxyAndSwiftDirectly() throws Exception {
    swift.put(container, "archived", "served through the proxy".getBytes(StandardCharsets.UTF_8), Map.of());
    ObjectNode m = s3Mapping();
    m.put("retain_local", false);
    m.put("propagate_delete", false);
    m.put("copy_after", 0);
    Path conf = fx.write("sync.json", config(proxy.uri(), m));
    SyncFixture.Run run = fx.syncOnce(conf);
    assertThat(run.exitCode()).as(run.err()).isZero();
    shunt = ConfiguredShunt.start(conf, ConfiguredShunt.load(conf), new InetSocketAddress("127.0.0.1", 0),
        URI.create(fx.saio.proxyUrl()), ShuntOptions.defaults(), ArchiveSettings.defaults(), Duration.ofMillis(200),
        new Backends());
    String url = "http://127.0.0.1:" + shunt.localAddress().getPort() + "/v1/" + fx.saio.account() + "/"
        + SwiftClient.encodePath(container) + "/archived";
    String key = SyncFixture.s3Key(fx.saio.account(), container, "archived");
    int readsBefore = proxy.requests("GET http://" + s3.endpoint().getAuthority() + "/" + bucket + "/").size();

    HttpResponse<String> got = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", swift.token())
        .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("served through the proxy");
    assertThat(proxy.requests("GET http://" + s3.endpoint().getAuthority() + "/" + bucket + "/"))
        .as("the archived read went through the proxy").hasSize(readsBefore + 1);

    HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .header("X-Auth-Token", swift.token()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(proxy.requests("DELETE http://" + s3.endpoint().getAuthority() + "/" + bucket + "/"))
        .as("the archived copy was deleted through the proxy").isNotEmpty();
    assertThat(bucketKeys()).doesNotContain(key);
    assertThat(localRequests()).as("Swift itself is reached directly").isEmpty();
  }
}
