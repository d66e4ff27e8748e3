package io.cloudsync.shunt;

import io.cloudsync.naming.DotSegments;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides, from the request line alone, whether a request may be intercepted (UPSTREAM.md §3.2):
 * object {@code GET}/{@code HEAD} on a configured container with an {@link ArchiveReader}, and
 * container {@code GET} (without {@code path=}) on a configured container with a
 * {@link ListingSplicer}, and object {@code DELETE}/{@code POST} (without {@code multipart-manifest})
 * on a configured container with an {@link ArchiveWriter}. Everything else, including account requests, other API versions,
 * undecodable paths, targets not in origin form, names with a {@code .} or {@code ..} segment
 * ({@link DotSegments}) and every other method, passes through. Thread-safe.
 */
public final class RequestClassifier {
  private final ShuntRoutes routes;

  public RequestClassifier(ShuntRoutes routes) {
    this.routes = Objects.requireNonNull(routes, "routes");
  }

  public ShuntRoutes routes() {
    return routes;
  }

  public Classification classify(HttpRequest request) {
    return classify(request.method(), request.uri());
  }

  public Classification classify(HttpMethod method, String uri) {
    if (routes.isEmpty()) {
      return Classification.PASS;
    }
    boolean get = HttpMethod.GET.equals(method);
    boolean change = HttpMethod.DELETE.equals(method) || HttpMethod.POST.equals(method);
    if (!get && !change && !HttpMethod.HEAD.equals(method)) {
      return Classification.PASS;
    }
    Optional<SwiftApiPath> parsed = SwiftApiPath.parse(uri);
    if (parsed.isEmpty() || parsed.get().container() == null || hasDotSegment(parsed.get())) {
      return Classification.PASS;
    }
    SwiftApiPath path = parsed.get();
    Optional<ShuntRoutes.Route> route = routes.lookup(path.account(), path.container());
    if (route.isEmpty()) {
      return Classification.PASS;
    }
    if (change) {
      // A multipart-manifest DELETE of a missing object is answered 200 by Swift's slo middleware
      // without authorizing the DELETE (it only reads the manifest): never a go-ahead for the archive.
      return path.isObject() && route.get().writer() != null && !hasQuery(uri, "multipart-manifest")
          ? new Classification(Classification.Kind.OBJECT_CHANGE, path, route.get())
          : Classification.PASS;
    }
    if (path.isObject()) {
      return route.get().reader() == null
          ? Classification.PASS
          : new Classification(Classification.Kind.OBJECT_READ, path, route.get());
    }
    if (get && route.get().splicer() != null && !hasPathQuery(uri)) {
      return new Classification(Classification.Kind.LISTING, path, route.get());
    }
    return Classification.PASS;
  }

  /** A name a resolving remote store would map outside its container's keys: Swift alone answers it. */
  private static boolean hasDotSegment(SwiftApiPath path) {
    return DotSegments.in(path.account()) || DotSegments.in(path.container())
        || (path.object() != null && DotSegments.in(path.object()));
  }

  private static boolean hasPathQuery(String uri) {
    return hasQuery(uri, "path");
  }

  private static boolean hasQuery(String uri, String name) {
    int q = uri.indexOf('?');
    return q >= 0 && new QueryStringDecoder(uri).parameters().containsKey(name);
  }
}
