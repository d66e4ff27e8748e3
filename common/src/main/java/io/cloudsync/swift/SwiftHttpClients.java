package io.cloudsync.swift;

import java.nio.charset.StandardCharsets;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import io.cloudsync.store.EgressProxy;
import java.net.URI;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The pooled HTTP clients that talk to Swift servers (the internal proxy, object servers, a
 * Swift cluster's proxy). One place sets what every such client needs: no automatic retries,
 * redirects or compression, idle connections evicted, and header limits large enough for any
 * answer Swift sends: an object may carry 90 user metadata items (Swift's {@code max_meta_count})
 * plus system metadata and the standard headers, which HttpCore's defaults (100 headers) refuse.
 * Header lines are coded as ISO-8859-1, one char per byte both ways: Swift's metadata values are
 * UTF-8 bytes ({@link SwiftNames#unicodeToHeader}), and HttpCore without a charset writes the bytes
 * 0x80 to 0x9F (inside most UTF-8 sequences beyond Latin-1: {@code ☯}, emoji) as {@code ?}.
 *
 * @param maxPerRoute pooled connections per server
 * @param maxTotal pooled connections in all
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for an answer and between body bytes
 */
public record SwiftHttpClients(int maxPerRoute, int maxTotal, Duration connectTimeout, Duration readTimeout) {
  /** Headers in one answer: far above Swift's 90 metadata items plus sysmeta and standard headers. */
  public static final int MAX_HEADER_COUNT = 1_000;
  /** Bytes in one header line (Swift's own limit on a header is 8 KiB). */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  /** A client that connects directly: the internal proxy, object servers (never through an egress proxy). */
  public CloseableHttpClient build() {
    return build(null);
  }

  /**
   * A client whose every connection goes through {@code proxy} (a remote cluster behind an egress
   * proxy: plain requests to an http proxy, {@code CONNECT} tunnels for https), with Basic
   * credentials from its {@code user:password@}; null connects directly. The JVM's proxy settings
   * are never used.
   */
  public CloseableHttpClient build(URI proxy) {
    Timeout read = Timeout.of(readTimeout);
    HttpClientBuilder builder = HttpClients.custom();
    if (proxy != null) {
      HttpHost host = new HttpHost(proxy.getScheme(), proxy.getHost(), proxy.getPort() < 0
          ? (proxy.getScheme().equalsIgnoreCase("https") ? 443 : 80) : proxy.getPort());
      builder.setProxy(host);
      String user = EgressProxy.user(proxy);
      if (user != null) {
        BasicCredentialsProvider credentials = new BasicCredentialsProvider();
        String password = EgressProxy.password(proxy);
        credentials.setCredentials(new AuthScope(host),
            new UsernamePasswordCredentials(user, password == null ? new char[0] : password.toCharArray()));
        builder.setDefaultCredentialsProvider(credentials);
      }
    }
    return builder
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(maxPerRoute)
            .setMaxConnTotal(maxTotal)
            .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                .http1Config(Http1Config.custom()
                    .setMaxHeaderCount(MAX_HEADER_COUNT)
                    .setMaxLineLength(MAX_LINE_BYTES)
                    .build())
                .charCodingConfig(CharCodingConfig.custom().setCharset(StandardCharsets.ISO_8859_1).build())
                .build())
            .setDefaultConnectionConfig(connectionConfig(read, proxy != null))
            .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(read).build())
        .disableAutomaticRetries()
        .disableContentCompression()
        .disableRedirectHandling()
        .evictIdleConnections(Timeout.of(30, TimeUnit.SECONDS))
        .build();
  }

  /**
   * Through an egress proxy, a pooled connection is checked before every reuse: proxies such as
   * tinyproxy close a connection after each answer without saying so ({@code Connection: close}),
   * and these clients do not retry automatically.
   */
  private ConnectionConfig connectionConfig(Timeout read, boolean proxied) {
    ConnectionConfig.Builder config = ConnectionConfig.custom()
        .setConnectTimeout(Timeout.of(connectTimeout))
        .setSocketTimeout(read);
    if (proxied) {
      config.setValidateAfterInactivity(TimeValue.ZERO_MILLISECONDS);
    }
    return config.build();
  }

  /**
   * Closes a response, a client or a stream whose failure to close leaves nothing to do: a
   * response dropped unread (its connection is discarded), a pool shut down.
   */
  public static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
  }
}
