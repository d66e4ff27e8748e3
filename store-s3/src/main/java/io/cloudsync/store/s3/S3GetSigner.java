package io.cloudsync.store.s3;

import io.cloudsync.store.DirectGet;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Builds the SigV4-signed, path-style {@code GET} of one key in one bucket, as the AWS SDK's
 * {@code GetObject} would send it to the same plain-HTTP endpoint: key URL-encoded once with its slashes kept,
 * path not normalized, the SDK's own signer, the same region. Only for S3-compatible endpoints
 * reached path-style ({@link #supports}); Amazon S3 itself (virtual hosts, regions, redirects)
 * stays with the SDK.
 */
final class S3GetSigner {
  private final S3StoreSettings settings;
  private final URI endpoint;
  private final String region;
  private final AwsCredentialsIdentity credentials;
  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  S3GetSigner(S3StoreSettings settings, Clock clock) {
    if (!supports(settings)) {
      throw new IllegalArgumentException("not a path-style S3-compatible endpoint: " + settings);
    }
    this.settings = settings;
    this.endpoint = settings.effectiveEndpoint();
    this.region = S3StoreSettings.CUSTOM_ENDPOINT_REGION;
    this.credentials = AwsBasicCredentials.create(settings.identity(), settings.secret());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * True for an explicit plain-HTTP endpoint other than Amazon S3 and Google Cloud Storage (an
   * https endpoint stays with the SDK: this path has no TLS test against a real server yet).
   */
  static boolean supports(S3StoreSettings settings) {
    // Direct GETs go over the shunt's own connections, which know no egress proxy.
    return settings.proxy() == null && settings.endpoint() != null && !settings.isAmazon() && !settings.gcsProfile()
        && settings.endpoint().getScheme().equalsIgnoreCase("http");
  }

  private int port() {
    return endpoint.getPort() >= 0 ? endpoint.getPort() : 80;
  }

  /**
   * @param key the object's key
   * @param conditions request headers to pass on ({@code Range}, {@code If-*}), sent and signed
   */
  DirectGet get(String key, Map<String, String> conditions) {
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.GET)
        .protocol(endpoint.getScheme().toLowerCase(Locale.ROOT))
        .host(endpoint.getHost())
        .port(port())
        .encodedPath("/" + SdkHttpUtils.urlEncode(settings.bucket()) + "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
    conditions.forEach(unsigned::putHeader);
    SdkHttpRequest signed = signer.sign(r -> r
        .identity(credentials)
        .request(unsigned.build())
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
        .request();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    boolean host = false;
    for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
      host |= header.getKey().equalsIgnoreCase("Host");
      for (String value : header.getValue()) {
        headers.add(Map.entry(header.getKey(), value));
      }
    }
    if (!host) {
      headers.add(0, Map.entry("Host", port() == 80 ? endpoint.getHost() : endpoint.getHost() + ":" + port()));
    }
    return new DirectGet(endpoint.getHost(), port(), signed.encodedPath(), headers);
  }
}
