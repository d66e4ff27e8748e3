package io.cloudsync.store;

import io.cloudsync.config.SyncConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The egress proxy through which remote stores are reached ({@code http_proxy} / {@code https_proxy}
 * of {@code sync.json}, SPEC §2): the proxy for an {@code https://} endpoint is {@code https_proxy},
 * for an {@code http://} endpoint {@code http_proxy} (as curl and Python's requests choose). Only
 * remote stores use it; the internal proxy and local Swift never do. Every backend applies
 * {@link #forEndpoint} to the URL it connects to, and only these values: proxies from the
 * environment or JVM system properties are not picked up, so what is in effect is what the
 * configuration says.
 *
 * <p>A proxy URL may carry {@code user:password@} for proxy authentication (Basic); it is never
 * logged ({@link #toString} masks it).
 *
 * @param http the proxy for {@code http://} endpoints, or null for none (direct)
 * @param https the proxy for {@code https://} endpoints, or null for none (direct)
 */
public record EgressProxy(URI http, URI https) {
  /** No proxy: every store connects directly. */
  public static final EgressProxy NONE = new EgressProxy(null, null);

  /** The proxies a configuration names. */
  public static EgressProxy of(SyncConfig config) {
    return config.httpProxy() == null && config.httpsProxy() == null ? NONE
        : new EgressProxy(config.httpProxy(), config.httpsProxy());
  }

  /**
   * The proxy for connections to {@code endpoint}, or empty to connect directly.
   *
   * @param endpoint the URL the backend connects to; null means the service's public default,
   *     which is always {@code https}
   */
  public Optional<URI> forEndpoint(URI endpoint) {
    String scheme = endpoint == null || endpoint.getScheme() == null ? "https"
        : endpoint.getScheme().toLowerCase(Locale.ROOT);
    return Optional.ofNullable(scheme.equals("http") ? http : https);
  }

  public boolean isNone() {
    return http == null && https == null;
  }

  /** The user name of a proxy URL's {@code user:password@}, or null. */
  public static String user(URI proxy) {
    String info = proxy.getUserInfo();
    if (info == null) {
      return null;
    }
    int colon = info.indexOf(':');
    return colon < 0 ? info : info.substring(0, colon);
  }

  /** The password of a proxy URL's {@code user:password@}, or null. */
  public static String password(URI proxy) {
    String info = proxy.getUserInfo();
    if (info == null || info.indexOf(':') < 0) {
      return null;
    }
    return info.substring(info.indexOf(':') + 1);
  }

  /** A proxy URL as log lines show it: credentials masked. */
  public static String describe(URI proxy) {
    if (proxy == null) {
      return "none";
    }
    String port = proxy.getPort() < 0 ? "" : ":" + proxy.getPort();
    return proxy.getScheme() + "://" + (proxy.getUserInfo() == null ? "" : "****@") + proxy.getHost() + port;
  }

  @Override
  public String toString() {
    return "EgressProxy[http=" + describe(http) + ", https=" + describe(https) + "]";
  }
}
