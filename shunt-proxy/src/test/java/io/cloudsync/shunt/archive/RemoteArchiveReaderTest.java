package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.shunt.ArchiveRequest;
import io.cloudsync.shunt.ByteArrayPublisher;
import io.cloudsync.shunt.ShuntResponse;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.swift.SwiftPath;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@link RemoteArchiveReader} over a scripted remote: what the client gets, whether a restore is
 * attempted (the internal proxy is a listening socket that must see no connection), and the log
 * line that says why not.
 */
class RemoteArchiveReaderTest {
  private static final byte[] CONTENT = "joined content of an archived SLO".getBytes(StandardCharsets.US_ASCII);

  private final FakeRemoteReader remote = new FakeRemoteReader();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(RemoteArchiveReader.class);
  private EventLoopGroup group;
  private ServerSocket internalProxy;
  private RemoteArchiveReader reader;

  @BeforeEach
  void setUp() throws IOException {
    logs.start();
    logger.addAppender(logs);
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    internalProxy = new ServerSocket(0);
    reader = new RemoteArchiveReader(remote, new Restorer(URI.create("http://127.0.0.1:" + internalProxy.getLocalPort()),
        group, ArchiveSettings.defaults()));
  }

  @AfterEach
  void tearDown() throws IOException {
    logger.detachAppender(logs);
    internalProxy.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  private static RemoteReader.ReadResponse slo(byte[] body) {
    return new RemoteReader.ReadResponse(200, List.of(Map.entry("Content-Length", Integer.toString(body.length)),
        Map.entry("Etag", "0123456789abcdef0123456789abcdef-2"),
        Map.entry("X-Static-Large-Object", "True")), new ByteArrayPublisher(body),
        "00000000000000000000000000000000", null);
  }

  private ShuntResponse get(String object) throws Exception {
    ArchiveRequest request = new ArchiveRequest(HttpMethod.GET, "/v1/AUTH_a/c/" + object,
        new SwiftPath("AUTH_a", "c", object), null, new DefaultHttpHeaders(), new DefaultHttpHeaders());
    return reader.read(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** No connection reaches the internal proxy within a while. */
  private void assertNoRestore() throws IOException {
    internalProxy.setSoTimeout(500);
    try {
      internalProxy.accept().close();
      throw new AssertionError("a restore connected to the internal proxy");
    } catch (SocketTimeoutException expected) {
      // nothing came
    }
  }

  private List<String> warnings() {
    return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void anSloWithoutAnArchivedManifestIsServedWholeWithoutRestore() throws Exception {
    remote.reads.put("big", slo(CONTENT));

    ShuntResponse response = get("big");

    assertThat(response.status().code()).isEqualTo(200);
    assertThat(response.headers().get("X-Static-Large-Object")).isEqualTo("True");
    assertThat(Bodies.drain(response.body())).isEqualTo(CONTENT);
    assertThat(warnings()).containsExactly("not restoring SLO AUTH_a/c/big: fake holds no manifest for it");
    assertNoRestore();
  }

  @Test
  void anSloWhoseManifestCannotBeReadIsServedWholeWithoutRestore() throws Exception {
    remote.reads.put("big", slo(CONTENT));
    remote.manifests.put("big", SloManifest.parse(("[{\"name\":\"/s/1\",\"bytes\":" + CONTENT.length
        + ",\"hash\":\"00000000000000000000000000000000\"}]").getBytes(StandardCharsets.UTF_8)));
    remote.fail = true;

    ShuntResponse response = get("big");

    assertThat(response.status().code()).isEqualTo(200);
    assertThat(Bodies.drain(response.body())).isEqualTo(CONTENT);
    assertThat(warnings()).singleElement().asString()
        .startsWith("not restoring SLO AUTH_a/c/big: cannot read its manifest from fake").contains("remote down");
    assertNoRestore();
  }

  @Test
  void aRemoteErrorIsPassedOnWithABodyOfTheShuntsOwnAndItsCodeIsLogged() throws Exception {
    for (int status : new int[] {401, 403, 412, 416, 503}) {
      byte[] error = ("<Error><Code>AccessDenied</Code><Message>status " + status + "</Message>"
          + "<AWSAccessKeyId>AKID</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256 x</StringToSign>"
          + "<CanonicalRequest>GET /b/k</CanonicalRequest></Error>").getBytes(StandardCharsets.US_ASCII);
      // a reader that (wrongly) hands the remote's body on: the shunt still sends its own
      remote.reads.put("o" + status, new RemoteReader.ReadResponse(status, List.of(
          Map.entry("Content-Type", "application/xml"), Map.entry("Content-Length", Integer.toString(error.length)),
          Map.entry("Remote-x-amz-request-id", "r" + status)), new ByteArrayPublisher(error), null,
          "AccessDenied: status " + status));

      ShuntResponse response = get("o" + status);

      assertThat(response.status().code()).isEqualTo(status);
      assertThat(response.headers().get("Content-Type")).isEqualTo("text/plain; charset=UTF-8");
      assertThat(response.headers().get("Remote-x-amz-request-id")).isEqualTo("r" + status);
      String body = new String(Bodies.drain(response.body()), StandardCharsets.UTF_8);
      assertThat(body).startsWith(Integer.toString(status))
          .doesNotContain("AKID", "StringToSign", "CanonicalRequest", "AccessDenied", "<Error>");
      assertThat(response.headers().get("Content-Length")).isEqualTo(Integer.toString(body.length()));
    }
    assertThat(warnings()).hasSize(2).allSatisfy(w -> assertThat(w)
        .contains("refused to read AUTH_a/c/o40", "AccessDenied: status 40", "credentials and bucket policy")
        .doesNotContain("AKID", "StringToSign", "CanonicalRequest"));
    assertNoRestore();
  }
}
