package io.cloudsync.store.swift;

import io.cloudsync.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

/**
 * One account of a remote Swift cluster for small requests (checks, listings, metadata), answers
 * read whole: what {@code verify --protocol swift} uses. It logs in with v1 credentials
 * ({@link SwiftSession}: a token expiring meanwhile costs one new login, not a failure).
 */
public final class SwiftAccount implements AutoCloseable {
  private final SwiftSession session;
  private final URI storageUrl;

  private SwiftAccount(SwiftSession session, URI storageUrl) {
    this.session = session;
    this.storageUrl = storageUrl;
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
    return login(authUrl, user, key, account, null);
  }

  /** {@link #login(URI, String, String, String)} with Keystone v3 when {@code keystone} is not null. */
  public static SwiftAccount login(URI authUrl, String user, String key, String account,
      io.cloudsync.config.KeystoneV3 keystone) throws IOException, SwiftRequestFailed {
    SwiftSession session = new SwiftSession(authUrl, user, Secret.of(key), account, 2, SwiftSession.USER_AGENT, null,
        null, keystone, java.time.Clock.systemUTC());
    try {
      return new SwiftAccount(session, session.login().storageUrl());
    } catch (IOException | SwiftRequestFailed | RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** The storage URL with its last path segment (the account) replaced. */
  static URI withAccount(URI storageUrl, String account) {
    return SwiftSession.withAccount(storageUrl, account);
  }

  public URI storageUrl() {
    return storageUrl;
  }

  /** The URL of the account ({@code container} null), a container, or an object in it. */
  public URI url(String container, String object, Map<String, String> query) {
    SwiftSession.Request request = SwiftSession.Request.of("GET", container, object);
    for (Map.Entry<String, String> q : query.entrySet()) {
      request = request.query(q.getKey(), q.getValue());
    }
    return request.url(storageUrl);
  }

  /**
   * Sends one request with the token.
   *
   * @param body the request body, or null for none
   * @throws IOException when the cluster cannot be reached or the connection fails
   * @throws SwiftRequestFailed when logging in again (after a 401) is refused
   */
  public SwiftAnswer request(String method, URI url, Map<String, String> headers, byte[] body)
      throws IOException, SwiftRequestFailed {
    SwiftSession.Request request = SwiftSession.Request.at(method, url).headers(headers);
    if (body != null) {
      request = request.body(() -> new ByteArrayEntity(body, null), false);
    }
    return session.call(request);
  }

  @Override
  public void close() {
    session.close();
  }
}
