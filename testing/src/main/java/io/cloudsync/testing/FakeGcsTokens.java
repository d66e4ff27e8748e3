package io.cloudsync.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OAuth 2.0 token endpoint fake-gcs-server lacks: a loopback HTTP server that answers a
 * service account's JWT-bearer token request (RFC 7523, what google-auth sends to a key's
 * {@code token_uri}) with an access token when the assertion is signed by a key it issued, and
 * with 400 {@code invalid_grant} otherwise. {@link #newKey} generates an RSA key and its
 * service-account JSON pointing here, so the native GCS store's service-account path runs end to
 * end (key file → signed assertion → token → authorized requests).
 */
public final class FakeGcsTokens implements AutoCloseable {
  /** A generated service-account key file. */
  public record ServiceAccount(String clientEmail, String json) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
  private final AtomicInteger granted = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  private FakeGcsTokens(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static FakeGcsTokens start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "fake-gcs-tokens");
        t.setDaemon(true);
        return t;
      });
      FakeGcsTokens tokens = new FakeGcsTokens(server, executor);
      server.createContext("/token", tokens::handle);
      server.setExecutor(executor);
      server.start();
      return tokens;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the token endpoint: " + e.getMessage(), e);
    }
  }

  public URI tokenUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
  }

  /** A new service account whose assertions this endpoint accepts. */
  public ServiceAccount newKey(String name) {
    String email = name + "@cloudsync-test.iam.gserviceaccount.com";
    KeyPair pair = rsa();
    keys.put(email, pair.getPublic());
    return new ServiceAccount(email, json(email, pair));
  }

  /** A well-formed key file this endpoint has never issued: its token requests are refused. */
  public ServiceAccount unknownKey() {
    String email = "unknown-" + UUID.randomUUID().toString().substring(0, 8) + "@cloudsync-test.iam.gserviceaccount.com";
    KeyPair pair = rsa();
    return new ServiceAccount(email, json(email, pair));
  }

  /** Access tokens handed out so far. */
  public int granted() {
    return granted.get();
  }

  /** Token requests refused so far. */
  public int refused() {
    return refused.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private String json(String email, KeyPair pair) {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate()
            .getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    return "{\n  \"type\": \"service_account\",\n  \"project_id\": \"cloudsync-test\",\n"
        + "  \"private_key_id\": \"" + UUID.randomUUID().toString().replace("-", "") + "\",\n"
        + "  \"private_key\": \"" + pem.replace("\n", "\\n") + "\",\n"
        + "  \"client_email\": \"" + email + "\",\n  \"client_id\": \"1234567890\",\n"
        + "  \"auth_uri\": \"" + tokenUri() + "\",\n  \"token_uri\": \"" + tokenUri() + "\"\n}\n";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String assertion = null;
      for (String pair : form.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals("assertion")) {
          assertion = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      if (!"POST".equals(exchange.getRequestMethod()) || assertion == null || !valid(assertion)) {
        refused.incrementAndGet();
        send(exchange, 400, "{\"error\": \"invalid_grant\", \"error_description\": \"Invalid JWT Signature.\"}");
        return;
      }
      granted.incrementAndGet();
      send(exchange, 200, "{\"access_token\": \"ya29.fake-" + UUID.randomUUID()
          + "\", \"expires_in\": 3599, \"token_type\": \"Bearer\"}");
    }
  }

  /** Signed (RS256) by the key issued to the account the assertion names as {@code iss}. */
  private boolean valid(String assertion) {
    String[] parts = assertion.split("\\.");
    if (parts.length != 3) {
      return false;
    }
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    for (Map.Entry<String, PublicKey> key : keys.entrySet()) {
      if (payload.replace(" ", "").contains("\"iss\":\"" + key.getKey() + "\"")) {
        try {
          Signature rs256 = Signature.getInstance("SHA256withRSA");
          rs256.initVerify(key.getValue());
          rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
          return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
          return false;
        }
      }
    }
    return false;
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no RSA in this JVM", e);
    }
  }
}
