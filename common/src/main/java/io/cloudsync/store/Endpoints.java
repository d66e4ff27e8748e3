package io.cloudsync.store;

import java.net.URI;
import java.util.Locale;

/**
 * The one rule for which well-known service an endpoint names. swift-s3-sync decided "Amazon" by
 * the host's {@code amazonaws.com} suffix (China's regions end in {@code amazonaws.com.cn}) and
 * "Google" by the XML API's URL; both readings live here and nowhere else.
 */
public final class Endpoints {
  /** Google Cloud Storage's XML API, and the root of its JSON API. */
  public static final URI GOOGLE = URI.create("https://storage.googleapis.com");

  private Endpoints() {}

  /** Amazon S3 itself: no endpoint (the SDK resolves Amazon's), or an {@code amazonaws.com(.cn)} host. */
  public static boolean isAmazon(URI endpoint) {
    if (endpoint == null) {
      return true;
    }
    String host = host(endpoint);
    return host.endsWith("amazonaws.com") || host.endsWith("amazonaws.com.cn");
  }

  /** Google Cloud Storage: the host {@code storage.googleapis.com} (any path, a trailing slash too). */
  public static boolean isGoogle(URI endpoint) {
    return endpoint != null && host(endpoint).equals(GOOGLE.getHost());
  }

  /** The endpoint as a URI, or null when {@code url} is null; for a config value already checked. */
  public static URI parse(String url) {
    return url == null ? null : URI.create(url);
  }

  private static String host(URI endpoint) {
    String host = endpoint.getHost();
    return host == null ? "" : host.toLowerCase(Locale.ROOT);
  }
}
