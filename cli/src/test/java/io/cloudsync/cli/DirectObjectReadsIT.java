package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static io.cloudsync.cli.SyncToS3IT.lowerKeys;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.EmbeddedS3;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * {@code "direct_object_reads": true}: plain objects are read straight from the SAIO's object
 * servers, everything that needs the proxy pipeline (here a DLO) through the internal proxy. To
 * tell the two apart the way an operator could, the plain objects are synced with the internal
 * proxy unreachable: they still arrive in S3, byte for byte and with their metadata. A DLO synced
 * afterwards arrives as its joined content, which only the proxy makes.
 */
class DirectObjectReadsIT extends SaioS3TestBase {
  String container;
  String bucket;

  @BeforeEach
  void setUp() {
    container = unique("direct-it");
    bucket = unique("bucket");
    swift.createContainer(container);
    s3.createBucket(bucket);
  }

  @Test
  void plainObjectsComeFromTheObjectServersAndTheRestThroughTheInternalProxy() throws Exception {
    byte[] hello = "hello from an object server\n".getBytes(StandardCharsets.UTF_8);
    Path file = dir.resolve("hello.txt");
    Files.write(file, hello);
    fx.saio.swiftCli("upload", container, file.toString(), "--object-name", "hello.txt",
        "-H", "Content-Type: text/plain", "-H", "X-Object-Meta-Color: blue sky", "-H", "X-Object-Meta-Mood: ünï ☯");
    swift.put(container, "empty", new byte[0], Map.of());
    swift.put(container, "dïr/ünïcode ☃ %2F.bin", hello, Map.of());
    ObjectNode proxyDown = config();
    proxyDown.put("internal_proxy_url", "http://127.0.0.1:" + closedPort());
    SyncFixture.Run first = fx.syncOnce(fx.write("proxy-down.json", proxyDown));
    assertThat(first.exitCode()).as(first.err()).isZero();

    HeadObjectResponse h = head("hello.txt");
    assertThat(h.eTag()).isEqualTo("\"" + md5Hex(hello) + "\"");
    assertThat(h.contentType()).startsWith("text/plain");
    assertThat(lowerKeys(h.metadata())).containsEntry("color", "blue%20sky")
        .containsEntry("mood", "%C3%BCn%C3%AF%20%E2%98%AF");
    assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key("hello.txt"))).asByteArray())
        .isEqualTo(hello);
    assertThat(head("empty").contentLength()).isZero();
    assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key("dïr/ünïcode ☃ %2F.bin"))).asByteArray())
        .isEqualTo(hello);

    byte[] joined = new byte[300_000];
    new Random(7).nextBytes(joined);
    Path big = dir.resolve("dlo.bin");
    Files.write(big, joined);
    fx.saio.swiftCli("upload", "-S", "100000", container, big.toString(), "--object-name", "dlo.bin");
    // a direct read of the DLO would find its empty manifest object: the joined content shows it
    // came through the internal proxy, which is reachable now
    SyncFixture.Run second = fx.syncOnce(fx.write("proxy-up.json", config()));
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key("dlo.bin"))).asByteArray())
        .isEqualTo(joined);
    assertThat(head("hello.txt").eTag()).isEqualTo("\"" + md5Hex(hello) + "\"");
  }

  @Test
  void anOverwriteIsReadInItsNewVersion() throws Exception {
    swift.put(container, "doc", "first".getBytes(StandardCharsets.UTF_8), Map.of("X-Object-Meta-Rev", "1"));
    Path conf = fx.write("sync.json", config());
    assertThat(fx.syncOnce(conf).exitCode()).isZero();

    byte[] second = "second version".getBytes(StandardCharsets.UTF_8);
    swift.put(container, "doc", second, Map.of("X-Object-Meta-Rev", "2"));
    assertThat(fx.syncOnce(conf).exitCode()).isZero();

    assertThat(s3.client().getObjectAsBytes(b -> b.bucket(bucket).key(key("doc"))).asByteArray()).isEqualTo(second);
    assertThat(lowerKeys(head("doc").metadata())).containsEntry("rev", "2");
  }

  private ObjectNode config() {
    ObjectNode c = fx.config(1, fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY,
        EmbeddedS3.SECRET));
    c.put("direct_object_reads", true);
    return c;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private String key(String object) {
    return s3Key(fx.saio.account(), container, object);
  }

  private HeadObjectResponse head(String object) {
    return s3.client().headObject(b -> b.bucket(bucket).key(key(object)));
  }
}
