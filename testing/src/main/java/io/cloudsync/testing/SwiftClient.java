package io.cloudsync.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small Swift API client for tests (plain HTTP against the public proxy with a tempauth token),
 * used to create containers and objects and to check what a user would see.
 */
public final class SwiftClient {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String storageUrl;
  private final String token;

  private SwiftClient(String storageUrl, String token) {
    this.storageUrl = storageUrl;
    this.token = token;
  }

  public static SwiftClient login(String authUrl, String user, String key) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(authUrl))
        .header("X-Auth-User", user).header("X-Auth-Key", key).GET().build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("auth as " + user + " failed: " + response.statusCode());
      }
      return new SwiftClient(response.headers().firstValue("X-Storage-Url").orElseThrow(),
          response.headers().firstValue("X-Auth-Token").orElseThrow());
    } catch (IOException e) {
      throw new IllegalStateException("auth request failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String token() {
    return token;
  }

  public String storageUrl() {
    return storageUrl;
  }

  /** Percent-encodes a Swift name for a URL path, keeping {@code /}. */
  public static String encodePath(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
  }

  public String url(String container, String object) {
    String url = storageUrl + "/" + encodePath(container);
    return object == null ? url : url + "/" + encodePath(object);
  }

  public HttpResponse<byte[]> request(String method, String container, String object,
      Map<String, String> headers, byte[] body) {
    return request(method, url(container, object), headers, body);
  }

  public HttpResponse<byte[]> request(String method, String url, Map<String, String> headers, byte[] body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token);
    headers.forEach(builder::header);
    builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<byte[]> expect2xx(HttpResponse<byte[]> response) {
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(response.request().method() + " " + response.uri() + " -> "
          + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response;
  }

  public void createContainer(String container) {
    expect2xx(request("PUT", container, null, Map.of(), null));
  }

  public void put(String container, String object, byte[] body, Map<String, String> headers) {
    expect2xx(request("PUT", container, object, headers, body));
  }

  public void post(String container, String object, Map<String, String> headers) {
    expect2xx(request("POST", container, object, headers, null));
  }

  public void delete(String container, String object) {
    expect2xx(request("DELETE", container, object, Map.of(), null));
  }

  /** Object names in the container (all pages). */
  public List<String> list(String container) {
    List<String> names = new ArrayList<>();
    String marker = "";
    while (true) {
      HttpResponse<byte[]> response = expect2xx(request("GET",
          url(container, null) + "?format=plain&marker=" + URLEncoder.encode(marker, StandardCharsets.UTF_8),
          Map.of(), null));
      String text = new String(response.body(), StandardCharsets.UTF_8);
      if (response.statusCode() == 204 || text.isEmpty()) {
        return names;
      }
      for (String line : text.split("\n")) {
        names.add(line);
        marker = line;
      }
    }
  }
}
