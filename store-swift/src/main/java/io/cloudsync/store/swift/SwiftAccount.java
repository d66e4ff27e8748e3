package io.cloudsync.store.swift;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * One account of a remote Swift cluster, reached with v1 credentials (tempauth, swauth: a
 * {@code GET} of the auth URL with {@code X-Auth-User} and {@code X-Auth-Key}). Requests carry the
 * token; answers are read whole, so this is for small requests only (checks, listings, metadata).
 * Keystone is not supported yet.
 */
public final class SwiftAccount implements AutoCloseable {
  private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(10);
  private static final Timeout ANSWER_TIMEOUT = Timeout.ofSeconds(60);

  private final CloseableHttpClient http;
  private final URI storageUrl;
  private final String token;

  private SwiftAccount(CloseableHttpClient http, URI storageUrl, String token) {
    this.http = http;
    this.storageUrl = storageUrl;
    this.token = token;
  }

  /**
   * Logs in.
   *
   * @param account another account than the user's own (an admin's), or null
   * @throws SwiftRequestFailed when the auth URL refuses the credentials (401) or fails
   * @throws IOException when it cannot be reached or answers without a storage URL and token
   */
  public static SwiftAccount login(URI authUrl, String user, String key, String account)
      throws IOException, SwiftRequestFailed {
    CloseableHttpClient http = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(CONNECT_TIMEOUT).setSocketTimeout(ANSWER_TIMEOUT).build())
            .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(ANSWER_TIMEOUT).build())
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .build();
    try {
      HttpUriRequestBase get = new HttpUriRequestBase("GET", authUrl);
      get.setHeader("X-Auth-User", user);
      get.setHeader("X-Auth-Key", key);
      SwiftAnswer answer = execute(http, get);
      if (!answer.isSuccess()) {
        throw new SwiftRequestFailed("Auth GET", authUrl, answer);
      }
      String storage = answer.header("X-Storage-Url").orElse(null);
      String token = answer.header("X-Auth-Token").orElse(answer.header("X-Storage-Token").orElse(null));
      if (storage == null || token == null) {
        throw new IOException("the auth URL " + authUrl + " answered " + answer.status()
            + " without X-Storage-Url and X-Auth-Token: is it a v1 auth endpoint?");
      }
      URI storageUrl = URI.create(storage);
      return new SwiftAccount(http, account == null ? storageUrl : withAccount(storageUrl, account), token);
    } catch (IOException | SwiftRequestFailed | RuntimeException e) {
      http.close();
      throw e;
    }
  }

  /** The storage URL with its last path segment (the account) replaced. */
  static URI withAccount(URI storageUrl, String account) {
    String path = storageUrl.getRawPath();
    int slash = path.lastIndexOf('/', path.endsWith("/") ? path.length() - 2 : path.length() - 1);
    return storageUrl.resolve(path.substring(0, slash + 1) + encode(account));
  }

  public URI storageUrl() {
    return storageUrl;
  }

  /** The URL of the account ({@code container} null), a container, or an object in it. */
  public URI url(String container, String object, Map<String, String> query) {
    StringBuilder url = new StringBuilder(storageUrl.toString());
    if (container != null) {
      url.append('/').append(encode(container));
      if (object != null) {
        url.append('/').append(encode(object));
      }
    }
    String sep = "?";
    for (Map.Entry<String, String> q : query.entrySet()) {
      url.append(sep).append(encode(q.getKey())).append('=').append(encode(q.getValue()));
      sep = "&";
    }
    return URI.create(url.toString());
  }

  /**
   * Sends one request with the token.
   *
   * @param body the request body, or null for none
   * @throws IOException when the cluster cannot be reached or the connection fails
   */
  public SwiftAnswer request(String method, URI url, Map<String, String> headers, byte[] body) throws IOException {
    HttpUriRequestBase request = new HttpUriRequestBase(method, url);
    request.setHeader("X-Auth-Token", token);
    headers.forEach(request::setHeader);
    if (body != null) {
      request.setEntity(new ByteArrayEntity(body, null));
    }
    return execute(http, request);
  }

  private static SwiftAnswer execute(CloseableHttpClient http, HttpUriRequestBase request) throws IOException {
    return http.execute(request, response -> {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (Header h : response.getHeaders()) {
        headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>()).add(h.getValue());
      }
      byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
      return new SwiftAnswer(response.getCode(), response.getReasonPhrase() == null ? "" : response.getReasonPhrase(),
          headers, body);
    });
  }

  /** A path segment, percent-encoded as UTF-8 (spaces as %20). */
  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
  }
}
