package io.cloudsync.store.s3;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.exception.SdkClientException;
import io.cloudsync.store.EgressProxy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.apache5.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the SDK client for an {@link S3StoreSettings}. One configuration serves Amazon S3, GCS's
 * XML API, S3Proxy and Swift's s3api:
 *
 * <ul>
 *   <li>Apache HttpClient 5, pool of {@code maxConnections}, TCP keep-alive, through the egress
 *       proxy of the settings only ({@link #proxy});
 *   <li>no aws-chunked bodies (Swift 2.30's s3api rejects them) and checksums only when an
 *       operation requires them, plus {@code Content-MD5} for those ({@link LegacyMd5Plugin});
 *   <li>bodies with {@code Content-MD5} go as {@code UNSIGNED-PAYLOAD} even over plain http
 *       ({@link Md5CheckedPayloadSigner}), so a body is read once per attempt;
 *   <li>path-style addressing for custom endpoints; the SDK's standard retry mode.
 * </ul>
 */
final class S3ClientFactory {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Longest silence while reading a response (servers may take a while after a big upload). */
  static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(2);
  /** Waiting for a pooled connection: workers may outnumber connections during long uploads. */
  static final Duration ACQUIRE_TIMEOUT = Duration.ofMinutes(10);
  /** Below common server keep-alive timeouts (Swift's proxy: 60 s). */
  static final Duration MAX_IDLE = Duration.ofSeconds(20);

  private static final Pattern AMAZON_REGIONAL_HOST =
      Pattern.compile("(?:.*\\.)?s3[.-](?:dualstack\\.)?([a-z]{2}(?:-[a-z]+)+-\\d+)\\.amazonaws\\.com");

  private S3ClientFactory() {}

  static S3Client create(S3StoreSettings settings) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder()
            .maxConnections(settings.maxConnections())
            .connectionTimeout(CONNECT_TIMEOUT)
            .socketTimeout(SOCKET_TIMEOUT)
            .connectionAcquisitionTimeout(ACQUIRE_TIMEOUT)
            .connectionMaxIdleTime(MAX_IDLE)
            .tcpKeepAlive(true)
            .proxyConfiguration(proxy(settings)))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(settings.identity(), settings.secret())))
        .region(region(settings))
        .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .addPlugin(LegacyMd5Plugin.create())
        .putAuthScheme(Md5CheckedPayloadSigner.authScheme())
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
    URI endpoint = settings.effectiveEndpoint();
    if (endpoint != null) {
      builder.endpointOverride(endpoint).forcePathStyle(!settings.isAmazon());
    } else {
      builder.crossRegionAccessEnabled(true);
    }
    return builder.build();
  }

  /**
   * The settings' egress proxy, or none: never the environment's or the JVM's proxy settings (the
   * SDK would otherwise read {@code HTTPS_PROXY} and {@code https.proxyHost}), so only
   * {@code http_proxy}/{@code https_proxy} of {@code sync.json} are in effect.
   */
  static ProxyConfiguration proxy(S3StoreSettings settings) {
    ProxyConfiguration.Builder proxy = ProxyConfiguration.builder()
        .useSystemPropertyValues(false)
        .useEnvironmentVariableValues(false);
    URI uri = settings.proxy();
    if (uri != null) {
      proxy.endpoint(URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())));
      String user = EgressProxy.user(uri);
      if (user != null) {
        proxy.username(user).password(EgressProxy.password(uri));
      }
    }
    return proxy.build();
  }

  /**
   * GCS: {@code auto}; custom endpoints: us-east-1; Amazon: the region in a regional endpoint's
   * host name, else the SDK's region chain, else us-east-1.
   */
  static Region region(S3StoreSettings settings) {
    if (settings.gcsProfile()) {
      return Region.of("auto");
    }
    if (!settings.isAmazon()) {
      return Region.of(S3StoreSettings.CUSTOM_ENDPOINT_REGION);
    }
    if (settings.endpoint() != null) {
      Matcher regional = AMAZON_REGIONAL_HOST.matcher(settings.endpoint().getHost().toLowerCase(Locale.ROOT));
      if (regional.matches()) {
        return Region.of(regional.group(1));
      }
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1;
    }
  }
}
