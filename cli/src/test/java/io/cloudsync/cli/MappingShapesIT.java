package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.md5Hex;
import static io.cloudsync.cli.SyncFixture.s3Key;
import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.EmbeddedS3;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Per-account mappings ({@code "/*"}), several mappings of one container, {@code custom_prefix}. */
class MappingShapesIT extends SaioS3TestBase {
  static final HttpClient HTTP = HttpClient.newHttpClient();


  /** Writes through the internal proxy, which creates accounts on demand (account_autocreate). */
  private void put(String account, String container, String object, String body) throws Exception {
    String base = fx.saio.internalProxyUrl() + "/v1/" + account + "/" + enc(container);
    HTTP.send(HttpRequest.newBuilder(URI.create(base)).PUT(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/" + enc(object)))
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(201);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private ObjectNode mapping(String account, String container, String bucket) {
    ObjectNode m = fx.mapping(container, bucket, s3.endpoint().toString(), EmbeddedS3.IDENTITY, EmbeddedS3.SECRET);
    m.put("account", account);
    return m;
  }

  private String etag(String bucket, String key) {
    return s3.client().headObject(b -> b.bucket(bucket).key(key)).eTag();
  }

  @Test
  void aPerAccountMappingSyncsEveryContainerOfTheAccount() throws Exception {
    String account = "AUTH_" + unique("pa").replace("-", "");
    String bucket = unique("bucket");
    s3.createBucket(bucket);
    put(account, "first", "a", "A");
    put(account, "sëcond", "b", "B");

    SyncFixture.Run run = fx.syncOnce(fx.write("pa.json", fx.config(1, mapping(account, "/*", bucket))));
    assertThat(run.exitCode()).as(run.err()).isZero();

    assertThat(etag(bucket, s3Key(account, "first", "a"))).isEqualTo("\"" + md5Hex("A".getBytes()) + "\"");
    assertThat(etag(bucket, s3Key(account, "sëcond", "b"))).isEqualTo("\"" + md5Hex("B".getBytes()) + "\"");
  }

  @Test
  void oneContainerToTwoTargetsKeepsTwoIndependentCursors() throws Exception {
    String container = unique("fanout");
    String b1 = unique("b1");
    String b2 = unique("b2");
    s3.createBucket(b1);
    s3.createBucket(b2);
    String account = fx.saio.account();
    put(account, container, "x", "X");
    put(account, container, "y", "Y");
    ObjectNode plain = mapping(account, container, b1);
    ObjectNode prefixed = mapping(account, container, b2);
    prefixed.put("custom_prefix", "mirror/photos");
    Path conf = fx.write("fanout.json", fx.config(1, plain, prefixed));

    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    assertThat(etag(b1, s3Key(account, container, "x"))).isNotNull();
    assertThat(etag(b2, "mirror/photos/x")).isEqualTo("\"" + md5Hex("X".getBytes()) + "\"");
    assertThat(etag(b2, "mirror/photos/y")).isNotNull();

    JsonNode rows = SyncFixture.JSON.readTree(
        SyncFixture.cloudsync("status", "--config", conf.toString(), "--json").out());
    assertThat(rows).hasSize(2);
    for (JsonNode row : rows) {
      assertThat(row.get("rows_behind").asLong()).isZero();
    }

    long puts = s3.requests("PutObject");
    put(account, container, "z", "Z");
    assertThat(fx.syncOnce(conf).exitCode()).isZero();
    assertThat(s3.requests("PutObject") - puts).as("z once per target, nothing else").isEqualTo(2);
  }
}
