package io.cloudsync.store.swift;

import io.cloudsync.containersync.SyncSignature;
import io.cloudsync.store.ContainerSyncTarget;
import io.cloudsync.swift.SwiftHttpClients;
import io.cloudsync.swift.SwiftNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * One remote container reached as Swift's container-sync reaches it: no token; each request
 * carries {@code X-Container-Sync-Auth: <REALM> <nonce> <HMAC-SHA1>} signed over its method, its
 * path, its {@code X-Timestamp} and the container's sync key (realm form), or the sync key itself
 * as {@code X-Container-Sync-Key} (legacy form). The path sent is the one signed: the canonical
 * percent-encoding the receiving proxy recomputes ({@code req.path}: UTF-8, {@code /} kept), so a
 * signature never fails over how a name was encoded. Keys never appear in a message. Thread-safe.
 */
final class SignedContainer implements AutoCloseable {
  static final String USER_AGENT = "cloudsync-container-sync";

  private final ContainerSyncTarget target;
  private final URI origin;
  private final String containerPath;
  private final CloseableHttpClient http;

  SignedContainer(ContainerSyncTarget target) {
    this.target = target;
    URI url = target.containerUrl();
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
      throw new IllegalArgumentException("a container-sync target must be an http(s) URL, not " + url);
    }
    this.origin = URI.create(scheme + "://" + url.getRawAuthority());
    this.containerPath = canonical(url.getRawPath());
    this.http = new SwiftHttpClients(target.maxConnections(), target.maxConnections(), SwiftSession.CONNECT_TIMEOUT,
        SwiftSession.READ_TIMEOUT).build();
  }

  /** The remote container's URL, for messages. */
  URI containerUrl() {
    return origin.resolve(containerPath);
  }

  /** The request path of {@code object} (null: the container itself), as sent and as signed. */
  String path(String object) {
    return object == null ? containerPath : containerPath + "/" + SwiftNames.quote(object, "/");
  }

  /** Where {@code object} is, for messages. */
  URI url(String object) {
    return origin.resolve(path(object));
  }

  /**
   * Sends one request and reads its answer whole (answers here are small: object PUTs, POSTs,
   * DELETEs and HEADs).
   *
   * @param xTimestamp the {@code X-Timestamp} to send (and sign), or null for none (signed as
   *     {@code 0}, as Swift's middleware checks it)
   * @param body a fresh body per call, or null
   */
  SwiftAnswer call(String method, String object, String xTimestamp, Map<String, String> headers,
      Supplier<HttpEntity> body) throws IOException {
    return call(method, object, null, xTimestamp, headers, body);
  }

  /**
   * A page of the remote container's JSON listing after {@code marker}: a signed GET of the
   * container (Swift's {@code container_sync} middleware authorizes any method of a container
   * whose sync key signed it; the query string is not part of what is signed).
   */
  SwiftAnswer listing(String marker, int limit) throws IOException {
    String query = "format=json&limit=" + limit + "&marker=" + SwiftNames.quote(marker, "");
    return call("GET", null, query, null, Map.of(), null);
  }

  /**
   * {@link #call(String, String, String, Map, Supplier)} with a query string ({@code symlink=get}),
   * which is not signed (Swift signs the path alone).
   *
   * @param query already encoded, without {@code ?}, or null
   */
  SwiftAnswer call(String method, String object, String query, String xTimestamp, Map<String, String> headers,
      Supplier<HttpEntity> body) throws IOException {
    String path = path(object);
    HttpUriRequestBase request = new HttpUriRequestBase(method,
        origin.resolve(query == null ? path : path + "?" + query));
    request.setHeader("User-Agent", USER_AGENT);
    headers.forEach(request::setHeader);
    if (xTimestamp != null) {
      request.setHeader("X-Timestamp", xTimestamp);
    }
    if (target.signed()) {
      request.setHeader("X-Container-Sync-Auth", SyncSignature.header(target.realm(), method, path,
          xTimestamp == null ? "0" : xTimestamp, target.realmKey().reveal(), target.syncKey().reveal()));
    } else {
      request.setHeader("X-Container-Sync-Key", target.syncKey().reveal());
    }
    if (body != null) {
      request.setEntity(body.get());
      request.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(SwiftSession.READ_TIMEOUT))
          .setExpectContinueEnabled(true).build());
    }
    return SwiftSession.read(http.executeOpen(null, request, null));
  }

  /** Python's {@code quote(unquote(path))}: what the receiving proxy signs. */
  static String canonical(String rawPath) {
    String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    return SwiftNames.quote(percentDecode(path), "/");
  }

  private static String percentDecode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
          && Character.digit(text.charAt(i + 2), 16) >= 0) {
        out.write(Integer.parseInt(text, i + 1, i + 3, 16));
        i += 3;
      } else {
        int cp = text.codePointAt(i);
        byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close(CloseMode.GRACEFUL);
  }
}
