package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudsync.testing.Saio;
import io.cloudsync.testing.SwiftClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keystone v3 auth end to end against the real SAIO Swift: no Keystone server runs here (see
 * README), so a scripted Keystone on loopback answers {@code POST /v3/auth/tokens}: it checks the
 * password and the project scope it is sent, logs in to the SAIO's tempauth as that user and hands
 * the tempauth token out as {@code X-Subject-Token} with a catalog whose public object-store
 * endpoint is the SAIO storage URL. So every Swift request of {@code verify --auth-version 3} and
 * of an {@code auth_version: 3} mapping goes to the real cluster with the token Keystone's flow
 * produced.
 */
class KeystoneV3SwiftIT {
  @TempDir
  Path dir;
  final Saio saio = Saio.get();
  HttpServer keystone;
  String keystoneUrl;
  final AtomicInteger tokenPosts = new AtomicInteger();

  @BeforeEach
  void startKeystone() throws IOException {
    keystone = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    keystoneUrl = "http://127.0.0.1:" + keystone.getAddress().getPort() + "/v3";
    keystone.createContext("/v3/auth/tokens", this::token);
    keystone.start();
  }

  @AfterEach
  void stopKeystone() {
    keystone.stop(0);
  }

  private void token(HttpExchange ex) throws IOException {
    tokenPosts.incrementAndGet();
    JsonNode auth = SyncFixture.JSON.readTree(ex.getRequestBody().readAllBytes()).path("auth");
    JsonNode user = auth.at("/identity/password/user");
    boolean valid = "tester2".equals(user.path("name").asText()) && "testing2".equals(user.path("password").asText())
        && "Default".equals(user.at("/domain/name").asText())
        && "test2".equals(auth.at("/scope/project/name").asText())
        && "Default".equals(auth.at("/scope/project/domain/name").asText());
    if (!valid) {
      reply(ex, 401, "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\"}}");
      return;
    }
    SwiftClient swift = SwiftClient.login(saio.env("SWIFT_AUTH_URL"), saio.env("SWIFT_USER2"), saio.env("SWIFT_KEY2"));
    ex.getResponseHeaders().add("X-Subject-Token", swift.token());
    reply(ex, 201, """
        {"token": {"expires_at": "2099-01-01T00:00:00.000000Z", "catalog": [
          {"type": "object-store", "endpoints": [
            {"interface": "admin", "region": "RegionOne", "url": "http://127.0.0.1:1/v1/nowhere"},
            {"interface": "public", "region": "RegionOne", "url": "%s"}]}]}}""".formatted(swift.storageUrl()));
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private SyncFixture.Run verify(String password, String... more) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("verify", "--protocol", "swift",
        "--endpoint", keystoneUrl, "--username", "tester2", "--password", password));
    args.addAll(java.util.List.of(more));
    return SyncFixture.cloudsync(args.toArray(String[]::new));
  }

  @Test
  void verifyWithAuthVersion3ChecksAContainerThroughTheCatalogsEndpoint() {
    SwiftClient remote = SwiftObjectHeadersIT.remote(new SyncFixture(dir));
    String container = unique("cs9-ksverify");
    remote.createContainer(container);
    String[] scope = {"--auth-version", "3", "--project-name", "test2", "--project-domain-name", "Default",
        "--user-domain-name", "Default"};

    SyncFixture.Run ok = verify("testing2", concat(scope, "--bucket", container));
    SyncFixture.Run wrong = verify("wrong", concat(scope, "--bucket", container));
    SyncFixture.Run missing = verify("testing2", "--auth-version", "3", "--project-name", "test2");

    assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
    assertThat(remote.list(container)).isEmpty();
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.out() + wrong.err()).contains(VerifyCommand.INVALID_CREDENTIALS);
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--project-domain-name");
    assertThat(tokenPosts.get()).isEqualTo(2);
  }

  @Test
  void anAuthVersion3MappingSyncsAndWrongCredentialsStopOnlyTheirMapping() throws Exception {
    SyncFixture fx = new SyncFixture(dir);
    SwiftClient swift = fx.saio.client();
    SwiftClient remote = SwiftObjectHeadersIT.remote(fx);
    String good = unique("cs9-ks");
    String bad = unique("cs9-ksbad");
    for (String c : new String[] {good, bad}) {
      swift.createContainer(c);
      swift.put(c, "o", "through keystone".getBytes(StandardCharsets.UTF_8), Map.of("X-Object-Meta-Via", "v3"));
    }
    Path conf = fx.write("ks.json", fx.config(1, mapping(fx, good, "testing2"), mapping(fx, bad, "wrong")));

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as("the mapping with the wrong password could not sync").isEqualTo(1);
    assertThat(remote.list(good + "-r")).containsExactly("o");
    assertThat(remote.request("HEAD", good + "-r", "o", Map.of(), null).headers().firstValue("X-Object-Meta-Via"))
        .hasValue("v3");
    assertThat(remote.request("HEAD", bad + "-r", null, Map.of(), null).statusCode()).isEqualTo(404);
    assertThat(OperatorViewIT.status(conf, bad).get("blocked_reason").asText()).contains("Keystone v3 token POST")
        .contains("401");
  }

  private ObjectNode mapping(SyncFixture fx, String container, String password) {
    ObjectNode m = fx.mapping(container, container + "-r", keystoneUrl, "tester2", password);
    m.put("protocol", "swift");
    m.put("auth_version", 3);
    m.put("project_name", "test2");
    m.put("project_domain_name", "Default");
    m.put("user_domain_name", "Default");
    return m;
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
