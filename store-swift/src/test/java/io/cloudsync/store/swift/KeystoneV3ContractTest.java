package io.cloudsync.store.swift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudsync.config.KeystoneV3;
import io.cloudsync.config.Secret;
import io.cloudsync.store.swift.SwiftSession.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keystone v3 password auth, contract-tested at request level against a scripted Keystone + Swift
 * on loopback (no Keystone server runs here; see the README): what the token POST carries, which
 * catalog endpoint is used, that the token travels as {@code X-Auth-Token}, that a 401 leads to
 * one new token and one resend, that a token is replaced before its {@code expires_at}, and how
 * refusals and odd catalogs are reported.
 */
class KeystoneV3ContractTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final KeystoneV3 SCOPE = new KeystoneV3("proj", "pdom", "udom", null);

  HttpServer server;
  String base;
  final List<JsonNode> tokenRequests = new CopyOnWriteArrayList<>();
  final List<String> storageRequests = new CopyOnWriteArrayList<>();
  final Set<String> revoked = ConcurrentHashMap.newKeySet();
  final AtomicInteger tokens = new AtomicInteger();
  final AtomicReference<Instant> expiresAt = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2029-12-31T23:00:00Z"));
  volatile boolean catalogHasSwift = true;
  volatile int tokenStatus = 201;
  final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  };

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/v3/auth/tokens", this::token);
    server.createContext("/v1/", this::storage);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void token(HttpExchange ex) throws IOException {
    tokenRequests.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
    if (tokenStatus != 201) {
      reply(ex, tokenStatus, "{\"error\": {\"code\": 401, \"message\": \"The request you have made requires"
          + " authentication.\"}}");
      return;
    }
    String id = "tok-" + tokens.incrementAndGet();
    ex.getResponseHeaders().add("X-Subject-Token", id);
    String catalog = catalogHasSwift ? """
        [{"type": "identity", "endpoints": [{"interface": "public", "region": "RegionOne", "url": "%1$s/v3"}]},
         {"type": "object-store", "name": "swift", "endpoints": [
           {"interface": "internal", "region": "RegionOne", "url": "%1$s/v1/AUTH_internal"},
           {"interface": "public", "region": "RegionOne", "url": "%1$s/v1/AUTH_p1"},
           {"interface": "public", "region": "RegionTwo", "url": "%1$s/v1/AUTH_p2"}]}]""".formatted(base)
        : "[{\"type\": \"identity\", \"endpoints\": []}]";
    reply(ex, 201, "{\"token\": {\"expires_at\": \"" + expiresAt.get().toString().replace("Z", ".000000Z")
        + "\", \"catalog\": " + catalog + "}}");
  }

  private void storage(HttpExchange ex) throws IOException {
    String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
    storageRequests.add(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + " " + token);
    reply(ex, revoked.contains(token) ? 401 : 204, "");
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  private SwiftSession session(String authUrl, KeystoneV3 scope, String account) {
    return new SwiftSession(URI.create(authUrl), "alice", Secret.of("s3cr3t-pw"), account, 2, "test", null, null,
        scope, clock);
  }

  @Test
  void thePasswordIsPostedScopedToTheProjectAndTheCatalogsPublicObjectStoreIsUsedWithTheToken() throws Exception {
    for (String authUrl : List.of(base + "/v3", base + "/", base + "/v3/auth/tokens")) {
      tokenRequests.clear();
      storageRequests.clear();
      try (SwiftSession session = session(authUrl, SCOPE, null)) {
        assertThat(session.call(Request.of("HEAD", "c", null)).status()).isEqualTo(204);
      }
      assertThat(tokenRequests).hasSize(1);
      JsonNode auth = tokenRequests.get(0).get("auth");
      assertThat(auth.at("/identity/methods").toString()).isEqualTo("[\"password\"]");
      assertThat(auth.at("/identity/password/user/name").asText()).isEqualTo("alice");
      assertThat(auth.at("/identity/password/user/password").asText()).isEqualTo("s3cr3t-pw");
      assertThat(auth.at("/identity/password/user/domain/name").asText()).isEqualTo("udom");
      assertThat(auth.at("/scope/project/name").asText()).isEqualTo("proj");
      assertThat(auth.at("/scope/project/domain/name").asText()).isEqualTo("pdom");
      assertThat(storageRequests).containsExactly("HEAD /v1/AUTH_p1/c " + "tok-" + tokens.get());
    }
  }

  @Test
  void regionNameAndRemoteAccountChooseWhereRequestsGo() throws Exception {
    try (SwiftSession session = session(base + "/v3", new KeystoneV3("proj", "pdom", "udom", "regiontwo"), null)) {
      session.call(Request.of("HEAD", "c", null));
    }
    try (SwiftSession session = session(base + "/v3", SCOPE, "AUTH_other")) {
      session.call(Request.of("HEAD", "c", null));
    }
    assertThat(storageRequests).containsExactly("HEAD /v1/AUTH_p2/c tok-1", "HEAD /v1/AUTH_other/c tok-2");
  }

  @Test
  void a401GetsOneNewTokenAndTheRequestIsSentAgain() throws Exception {
    try (SwiftSession session = session(base + "/v3", SCOPE, null)) {
      session.call(Request.of("HEAD", "c", null));
      revoked.add("tok-1");
      assertThat(session.call(Request.of("PUT", "c", null)).status()).isEqualTo(204);
      assertThat(session.call(Request.of("HEAD", "c", null)).status()).isEqualTo(204);
    }
    assertThat(tokenRequests).hasSize(2);
    assertThat(storageRequests).containsExactly("HEAD /v1/AUTH_p1/c tok-1", "PUT /v1/AUTH_p1/c tok-1",
        "PUT /v1/AUTH_p1/c tok-2", "HEAD /v1/AUTH_p1/c tok-2");
  }

  @Test
  void aTokenIsReplacedAMinuteBeforeItExpiresWithoutWaitingForA401() throws Exception {
    expiresAt.set(now.get().plus(Duration.ofMinutes(10)));
    try (SwiftSession session = session(base + "/v3", SCOPE, null)) {
      session.call(Request.of("HEAD", "c", null));
      now.set(now.get().plus(Duration.ofMinutes(8)));
      session.call(Request.of("HEAD", "c", null));
      assertThat(tokenRequests).as("still two minutes left").hasSize(1);
      expiresAt.set(now.get().plus(Duration.ofMinutes(10)));
      now.set(now.get().plus(Duration.ofSeconds(61)));
      session.call(Request.of("HEAD", "c", null));
    }
    assertThat(tokenRequests).hasSize(2);
    assertThat(storageRequests).containsExactly("HEAD /v1/AUTH_p1/c tok-1", "HEAD /v1/AUTH_p1/c tok-1",
        "HEAD /v1/AUTH_p1/c tok-2");
  }

  @Test
  void refusedCredentialsAndACatalogWithoutSwiftAreClearErrorsWithoutThePassword() {
    tokenStatus = 401;
    Throwable refused;
    try (SwiftSession session = session(base + "/v3", SCOPE, null)) {
      refused = catchThrowable(() -> session.call(Request.of("HEAD", "c", null)));
    }
    assertThat(refused).isInstanceOf(SwiftRequestFailed.class).hasMessageContaining("Keystone v3 token POST")
        .hasMessageContaining("401").hasMessageNotContaining("s3cr3t-pw");
    assertThat(((SwiftRequestFailed) refused).status()).isEqualTo(401);

    tokenStatus = 201;
    catalogHasSwift = false;
    Throwable noSwift;
    try (SwiftSession session = session(base + "/v3", SCOPE, null)) {
      noSwift = catchThrowable(() -> session.call(Request.of("HEAD", "c", null)));
    }
    assertThat(noSwift).isInstanceOf(IOException.class).hasMessageContaining("no object-store service")
        .hasMessageContaining("proj").hasMessageNotContaining("s3cr3t-pw");

    catalogHasSwift = true;
    Throwable noRegion;
    try (SwiftSession session = session(base + "/v3", new KeystoneV3("proj", "pdom", "udom", "Mars"), null)) {
      noRegion = catchThrowable(() -> session.call(Request.of("HEAD", "c", null)));
    }
    assertThat(noRegion).isInstanceOf(IOException.class).hasMessageContaining("region 'Mars'");
    assertThat(storageRequests).isEmpty();
  }
}
