package io.cloudsync.store.gcs;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.http.HttpTransportFactory;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.time.Duration;

/**
 * Builds the {@link Storage} client of a {@link GcsSettings}: JSON API over HTTP at the settings'
 * API root, the client's own HTTP transport (keep-alive connections; callers bound the
 * concurrency), through the settings' egress proxy or directly (never the JVM's or the
 * environment's proxy settings: the config is what counts), short retries (the daemon
 * retries a failed object at its next pass, so the client must not hold a worker for minutes).
 */
final class GcsClients {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  /** Project id sent when neither the key nor the environment names one (object calls need none). */
  static final String NO_PROJECT = "cloudsync";

  private GcsClients() {}

  static Storage create(GcsSettings settings, GcsCredentials credentials) {
    HttpTransportOptions transport = HttpTransportOptions.newBuilder()
        .setHttpTransportFactory(transport(settings))
        .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
        .setReadTimeout((int) READ_TIMEOUT.toMillis())
        .build();
    RetrySettings retries = RetrySettings.newBuilder()
        .setMaxAttempts(3)
        .setInitialRetryDelayDuration(Duration.ofMillis(250))
        .setRetryDelayMultiplier(2.0)
        .setMaxRetryDelayDuration(Duration.ofSeconds(2))
        .setTotalTimeoutDuration(Duration.ofMinutes(2))
        .setInitialRpcTimeoutDuration(READ_TIMEOUT)
        .setRpcTimeoutMultiplier(1.0)
        .setMaxRpcTimeoutDuration(READ_TIMEOUT)
        .build();
    return StorageOptions.newBuilder()
        .setHost(settings.apiRoot())
        .setProjectId(credentials.projectId() == null ? NO_PROJECT : credentials.projectId())
        .setCredentials(credentials.credentials())
        .setTransportOptions(transport)
        .setRetrySettings(retries)
        .build()
        .getService();
  }

  /** HTTP transports for API and token requests: through {@link GcsSettings#proxy()}, or direct. */
  static HttpTransportFactory transport(GcsSettings settings) {
    Proxy proxy = proxy(settings.proxy());
    return () -> new NetHttpTransport.Builder().setProxy(proxy).build();
  }

  private static Proxy proxy(URI uri) {
    if (uri == null) {
      return Proxy.NO_PROXY;
    }
    int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(uri.getHost(), port));
  }
}
