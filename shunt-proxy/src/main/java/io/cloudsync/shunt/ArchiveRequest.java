package io.cloudsync.shunt;

import io.cloudsync.swift.SwiftPath;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;

/**
 * An object request that Swift answered with 404: a read handed to an {@link ArchiveReader}, or a
 * {@code DELETE}/{@code POST} handed to an {@link ArchiveWriter}.
 *
 * @param method {@code GET}, {@code HEAD}, {@code DELETE} or {@code POST}
 * @param uri the request target as the client sent it (still percent-encoded, with its query)
 * @param path the decoded object path (for an account-wide route: the requested container)
 * @param route the route that matched
 * @param requestHeaders the client's request headers (a copy: {@code Range}, {@code If-*}, …)
 * @param swiftHeaders the headers of Swift's 404 (a copy: {@code X-Trans-Id},
 *     {@code X-Openstack-Request-Id}, …)
 * @param dialer opens connections on the client connection's event loop, or null when the reader
 *     must use its own clients
 */
public record ArchiveRequest(
    HttpMethod method,
    String uri,
    SwiftPath path,
    ShuntRoutes.Route route,
    HttpHeaders requestHeaders,
    HttpHeaders swiftHeaders,
    RemoteDialer dialer) {

  public ArchiveRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(requestHeaders, "requestHeaders");
    Objects.requireNonNull(swiftHeaders, "swiftHeaders");
  }

  /** A request without a dialer: the reader uses its own clients. */
  public ArchiveRequest(HttpMethod method, String uri, SwiftPath path, ShuntRoutes.Route route,
      HttpHeaders requestHeaders, HttpHeaders swiftHeaders) {
    this(method, uri, path, route, requestHeaders, swiftHeaders, null);
  }

  public boolean isHead() {
    return HttpMethod.HEAD.equals(method);
  }
}
