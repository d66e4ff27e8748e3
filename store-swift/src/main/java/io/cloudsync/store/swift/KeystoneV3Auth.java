package io.cloudsync.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.config.KeystoneV3;
import io.cloudsync.config.Secret;
import io.cloudsync.store.swift.SwiftSession.Login;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * Keystone v3 password authentication, as python-swiftclient does it for {@code auth_version 3}:
 * {@code POST <auth URL>/auth/tokens} (the URL given with or without its {@code /v3}) with the user
 * name and password in the user's domain, scoped to the project in its domain; the token is the
 * answer's {@code X-Subject-Token}, the storage URL the catalog's {@code object-store} endpoint of
 * interface {@code public} (in {@code region_name} when given), and the token's
 * {@code expires_at} is kept so the session logs in again before it runs out. The password never
 * appears in a message.
 */
final class KeystoneV3Auth {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI authUrl;
  private final String user;
  private final Secret password;
  private final KeystoneV3 scope;

  KeystoneV3Auth(URI authUrl, String user, Secret password, KeystoneV3 scope) {
    this.authUrl = authUrl;
    this.user = user;
    this.password = password;
    this.scope = scope;
  }

  /** Where tokens are asked for: {@code <auth URL>[/v3]/auth/tokens}. */
  URI tokensUrl() {
    String base = authUrl.toString().replaceAll("/+$", "");
    if (base.endsWith("/auth/tokens")) {
      return URI.create(base);
    }
    return URI.create((base.endsWith("/v3") ? base : base + "/v3") + "/auth/tokens");
  }

  Login authenticate(CloseableHttpClient http, String userAgent) throws IOException, SwiftRequestFailed {
    URI url = tokensUrl();
    HttpUriRequestBase post = new HttpUriRequestBase("POST", url);
    post.setHeader("User-Agent", userAgent);
    post.setHeader("Accept", "application/json");
    post.setEntity(new ByteArrayEntity(JSON.writeValueAsBytes(body()), ContentType.APPLICATION_JSON));
    SwiftAnswer answer = SwiftSession.read(http.executeOpen(null, post, null));
    if (!answer.isSuccess()) {
      throw new SwiftRequestFailed("Keystone v3 token POST", url, answer);
    }
    String token = answer.header("X-Subject-Token").orElseThrow(() -> new IOException("Keystone at " + url
        + " answered " + answer.status() + " without X-Subject-Token: is it a Keystone v3 endpoint?"));
    JsonNode tokenNode;
    try {
      tokenNode = JSON.readTree(answer.body()).path("token");
    } catch (IOException e) {
      throw new IOException("Keystone at " + url + " answered a token without a JSON body", e);
    }
    return new Login(storageUrl(url, tokenNode.path("catalog")), token, expiry(tokenNode.path("expires_at")));
  }

  private ObjectNode body() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode auth = root.putObject("auth");
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    ObjectNode u = identity.putObject("password").putObject("user");
    u.put("name", user);
    u.putObject("domain").put("name", scope.userDomainName());
    u.put("password", password.reveal());
    ObjectNode project = auth.putObject("scope").putObject("project");
    project.put("name", scope.projectName());
    project.putObject("domain").put("name", scope.projectDomainName());
    return root;
  }

  private URI storageUrl(URI url, JsonNode catalog) throws IOException {
    String region = scope.regionName();
    for (JsonNode service : catalog) {
      if (!"object-store".equals(service.path("type").asText())) {
        continue;
      }
      for (JsonNode endpoint : service.path("endpoints")) {
        boolean isPublic = "public".equals(endpoint.path("interface").asText());
        String at = endpoint.path("region").asText(endpoint.path("region_id").asText(""));
        if (isPublic && (region == null || region.equalsIgnoreCase(at)) && endpoint.hasNonNull("url")) {
          return URI.create(endpoint.get("url").asText());
        }
      }
      throw new IOException("Keystone at " + url + ": the object-store service of the catalog has no public"
          + " endpoint" + (region == null ? "" : " in region '" + region + "' (region_name)"));
    }
    throw new IOException("Keystone at " + url + ": the token's catalog has no object-store service for project '"
        + scope.projectName() + "' (is Swift registered in this Keystone?)");
  }

  private static Instant expiry(JsonNode expiresAt) {
    if (!expiresAt.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(expiresAt.asText().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
