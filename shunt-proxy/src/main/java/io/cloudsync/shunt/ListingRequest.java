package io.cloudsync.shunt;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Objects;

/**
 * A container listing request on a configured container.
 *
 * @param method {@code GET}
 * @param uri the request target as the client sent it (percent-encoded, with its query)
 * @param path the decoded container path
 * @param route the route that matched
 * @param requestHeaders the client's request headers (a copy; {@code Accept} matters for the format)
 */
public record ListingRequest(
    HttpMethod method,
    String uri,
    SwiftApiPath path,
    ShuntRoutes.Route route,
    HttpHeaders requestHeaders) {

  public ListingRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(requestHeaders, "requestHeaders");
  }
}
