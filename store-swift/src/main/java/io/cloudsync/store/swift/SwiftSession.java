package io.cloudsync.store.swift;

import io.cloudsync.config.Secret;
import io.cloudsync.swift.SwiftHttpClients;
import io.cloudsync.swift.SwiftNames;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * One account of a remote Swift cluster reached with v1 credentials (tempauth, swauth: a {@code GET}
 * of the auth URL with {@code X-Auth-User} and {@code X-Auth-Key}). It logs in on first use, keeps
 * the token and storage URL, and logs in again once when a request is answered 401 (the token
 * expired or was revoked), then sends that request again. Requests go through one pooled HTTP
 * client; object PUTs ask {@code Expect: 100-continue}, so a refusal (401, 404, 413…) costs no body.
 * The key and the token never appear in a message. Thread-safe. With Keystone v3
 * ({@link KeystoneV3Auth}) the login is a token POST and the storage URL comes from the catalog;
 * a token is replaced a minute before its {@code expires_at}, and on a 401 as with v1.
 */
final class SwiftSession implements AutoCloseable {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  /** Who the remote's proxy log names as the client. */
  static final String USER_AGENT = "cloudsync-store-swift";

  /** Before its expiry a token is replaced this long ahead. */
  static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);

  /** A token, where it is valid, and until when (null: unknown, used until a 401). */
  record Login(URI storageUrl, String token, java.time.Instant expires) {
    Login {
      Objects.requireNonNull(storageUrl, "storageUrl");
      Objects.requireNonNull(token, "token");
    }

    Login(URI storageUrl, String token) {
      this(storageUrl, token, null);
    }

    @Override
    public String toString() {
      return "Login[" + storageUrl + "]";
    }
  }

  /**
   * One request, addressed relative to the storage URL.
   *
   * @param container the container, or null for the account
   * @param object the object in it, or null
   * @param query parameters in order, unencoded
   * @param headers request headers (values as sent on the wire)
   * @param entity a fresh body for each attempt, or null for none
   * @param expectContinue ask for {@code 100 Continue} before the body is sent
   * @param absolute a URL already made from the storage URL (then container, object and query are
   *     unused), or null
   */
  record Request(String method, String container, String object, Map<String, String> query,
      Map<String, String> headers, Supplier<HttpEntity> entity, boolean expectContinue, URI absolute) {

    static Request of(String method, String container, String object) {
      return new Request(method, container, object, Map.of(), Map.of(), null, false, null);
    }

    static Request at(String method, URI url) {
      return new Request(method, null, null, Map.of(), Map.of(), null, false, url);
    }

    Request query(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(query);
      more.put(name, value);
      return new Request(method, container, object, more, headers, entity, expectContinue, absolute);
    }

    Request headers(Map<String, String> more) {
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.putAll(more);
      return new Request(method, container, object, query, all, entity, expectContinue, absolute);
    }

    Request body(Supplier<HttpEntity> body, boolean expect) {
      return new Request(method, container, object, query, headers, body, expect, absolute);
    }

    /** The URL under {@code storageUrl}; names are percent-encoded whole ({@code /} too, which Swift decodes). */
    URI url(URI storageUrl) {
      if (absolute != null) {
        return absolute;
      }
      StringBuilder url = new StringBuilder(stripSlash(storageUrl.toString()));
      if (container != null) {
        url.append('/').append(SwiftNames.quote(container, ""));
        if (object != null) {
          url.append('/').append(SwiftNames.quote(object, ""));
        }
      }
      String sep = "?";
      for (Map.Entry<String, String> q : query.entrySet()) {
        url.append(sep).append(SwiftNames.quote(q.getKey(), "")).append('=').append(SwiftNames.quote(q.getValue(), ""));
        sep = "&";
      }
      return URI.create(url.toString());
    }
  }

  private final CloseableHttpClient http;
  private final URI authUrl;
  private final String user;
  private final Secret key;
  private final String account;
  private final String userAgent;
  private final KeystoneV3Auth keystone;
  private final java.time.Clock clock;
  private final Object lock = new Object();
  private Login login; // guarded by lock
  private volatile SwiftLimits limits;

  /**
   * @param account another account than the user's own (an admin's {@code remote_account}), or null
   * @param maxConnections pooled connections
   * @param userAgent the {@code User-Agent} of every request
   * @param cached a token known from before (used until a request is answered 401), or null
   */
  SwiftSession(URI authUrl, String user, Secret key, String account, int maxConnections, String userAgent,
      Login cached) {
    this(authUrl, user, key, account, maxConnections, userAgent, cached, null);
  }

  /**
   * @param proxy the egress proxy every request (login and storage) goes through, or null for direct
   */
  SwiftSession(URI authUrl, String user, Secret key, String account, int maxConnections, String userAgent,
      Login cached, URI proxy) {
    this(authUrl, user, key, account, maxConnections, userAgent, cached, proxy, null, java.time.Clock.systemUTC());
  }

  /**
   * @param keystone Keystone v3 scope ({@code auth_version 3}), or null for v1 auth
   * @param clock tells when a Keystone token is about to expire
   */
  SwiftSession(URI authUrl, String user, Secret key, String account, int maxConnections, String userAgent,
      Login cached, URI proxy, io.cloudsync.config.KeystoneV3 keystone, java.time.Clock clock) {
    this.keystone = keystone == null ? null : new KeystoneV3Auth(authUrl, user, key, keystone);
    this.clock = clock;
    this.authUrl = Objects.requireNonNull(authUrl, "authUrl");
    this.user = Objects.requireNonNull(user, "user");
    this.key = Objects.requireNonNull(key, "key");
    this.account = account;
    this.userAgent = userAgent;
    this.login = cached;
    this.http = new SwiftHttpClients(maxConnections, maxConnections, CONNECT_TIMEOUT, READ_TIMEOUT).build(proxy);
  }

  /** The session of {@code settings} (v1 or Keystone v3 auth), with {@code maxConnections} pooled. */
  static SwiftSession of(SwiftSettings settings, int maxConnections) {
    return new SwiftSession(settings.authUrl(), settings.user(), settings.key(), settings.remoteAccount(),
        maxConnections, USER_AGENT, null, settings.proxy(), settings.keystone(), java.time.Clock.systemUTC());
  }

  URI authUrl() {
    return authUrl;
  }

  /** The current login, logging in first when there is none. */
  Login login() throws IOException, SwiftRequestFailed {
    synchronized (lock) {
      if (login == null || expiring(login)) {
        login = null;
        login = authenticate();
      }
      return login;
    }
  }

  private boolean expiring(Login known) {
    return known.expires() != null && !clock.instant().isBefore(known.expires().minus(EXPIRY_MARGIN));
  }

  /** The current login, or null before the first one (for messages: never logs in). */
  Login current() {
    synchronized (lock) {
      return login;
    }
  }

  /** Where {@code request} goes: its URL once logged in, the auth URL before. */
  URI where(Request request) {
    Login known = current();
    return known == null ? authUrl : request.url(known.storageUrl());
  }

  /** Logs in again unless another thread already replaced {@code stale}. */
  private Login relogin(Login stale) throws IOException, SwiftRequestFailed {
    synchronized (lock) {
      if (login == null || login.equals(stale)) {
        login = null;
        login = authenticate();
      }
      return login;
    }
  }

  private Login authenticate() throws IOException, SwiftRequestFailed {
    if (keystone != null) {
      Login token = keystone.authenticate(http, userAgent);
      return account == null ? token : new Login(withAccount(token.storageUrl(), account), token.token(),
          token.expires());
    }
    HttpUriRequestBase get = new HttpUriRequestBase("GET", authUrl);
    get.setHeader("X-Auth-User", user);
    get.setHeader("X-Auth-Key", key.reveal());
    get.setHeader("User-Agent", userAgent);
    SwiftAnswer answer = read(http.executeOpen(null, get, null));
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
    return new Login(account == null ? storageUrl : withAccount(storageUrl, account), token);
  }

  /** The storage URL with its last path segment (the account) replaced. */
  static URI withAccount(URI storageUrl, String account) {
    String path = storageUrl.getRawPath();
    int slash = path.lastIndexOf('/', path.endsWith("/") ? path.length() - 2 : path.length() - 1);
    return storageUrl.resolve(path.substring(0, slash + 1) + SwiftNames.quote(account, ""));
  }

  /** Where {@code request} goes with the current login (for messages; logs in when needed). */
  URI url(Request request) throws IOException, SwiftRequestFailed {
    return request.url(login().storageUrl());
  }

  /**
   * Sends {@code request} with the token; an answer 401 logs in again and sends it once more. The
   * caller closes the response.
   *
   * @throws SwiftRequestFailed when logging in is refused
   * @throws IOException when the cluster cannot be reached or the connection fails
   */
  ClassicHttpResponse open(Request request) throws IOException, SwiftRequestFailed {
    Login current = login();
    ClassicHttpResponse response = send(request, current);
    if (response.getCode() != 401) {
      return response;
    }
    EntityUtils.consumeQuietly(response.getEntity());
    response.close();
    return send(request, relogin(current));
  }

  /** {@link #open}, with the answer read whole (for requests whose answers are small). */
  SwiftAnswer call(Request request) throws IOException, SwiftRequestFailed {
    return read(open(request));
  }

  private ClassicHttpResponse send(Request request, Login login) throws IOException {
    HttpUriRequestBase http = new HttpUriRequestBase(request.method(), request.url(login.storageUrl()));
    http.setHeader("X-Auth-Token", login.token());
    http.setHeader("User-Agent", userAgent);
    request.headers().forEach(http::setHeader);
    if (request.entity() != null) {
      http.setEntity(request.entity().get());
    }
    if (request.expectContinue()) {
      http.setConfig(RequestConfig.custom()
          .setResponseTimeout(Timeout.of(READ_TIMEOUT))
          .setExpectContinueEnabled(true)
          .build());
    }
    return this.http.executeOpen(null, http, null);
  }

  /**
   * Swift's constraints as its {@code /info} reports them (read once, without a token), or
   * {@link SwiftLimits#UNKNOWN} where the cluster does not publish them: then only the cluster's
   * answers tell what it refuses.
   */
  SwiftLimits limits() throws IOException, SwiftRequestFailed {
    SwiftLimits known = limits;
    if (known != null) {
      return known;
    }
    URI info = infoUrl(login().storageUrl());
    HttpUriRequestBase get = new HttpUriRequestBase("GET", info);
    get.setHeader("User-Agent", userAgent);
    SwiftAnswer answer = read(http.executeOpen(null, get, null));
    known = answer.status() == 200 ? SwiftLimits.parse(answer.body()) : SwiftLimits.UNKNOWN;
    limits = known;
    return known;
  }

  /** Takes {@code known} as the cluster's limits instead of reading {@code /info} (tests: a cluster without one). */
  void assumeLimits(SwiftLimits known) {
    limits = known;
  }

  /** Where {@link #limits} are read from: {@code /info} once logged in, else the auth URL (for messages). */
  URI infoUrl() {
    Login known = current();
    return known == null ? authUrl : infoUrl(known.storageUrl());
  }

  /** {@code /info} beside the {@code /v1/} of the storage URL, as python-swiftclient finds it. */
  static URI infoUrl(URI storageUrl) {
    String path = storageUrl.getRawPath() == null ? "" : storageUrl.getRawPath();
    int v1 = path.indexOf("/v1/");
    String base = v1 >= 0 ? path.substring(0, v1) : "";
    return storageUrl.resolve(base + "/info");
  }

  /** Reads a whole answer and releases its connection. */
  static SwiftAnswer read(ClassicHttpResponse response) throws IOException {
    try (response) {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (Header h : response.getHeaders()) {
        headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
      }
      byte[] body = response.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(response.getEntity());
      return new SwiftAnswer(response.getCode(), response.getReasonPhrase() == null ? "" : response.getReasonPhrase(),
          headers, body);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void close() {
    http.close(CloseMode.GRACEFUL);
  }

  @Override
  public String toString() {
    return "SwiftSession[" + user + " at " + authUrl + (account == null ? "" : ", account " + account) + "]";
  }
}
