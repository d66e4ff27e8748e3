package io.cloudsync.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.store.DirectGet;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3GetSignerTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  private static S3StoreSettings settings(String endpoint, boolean gcs) {
    return new S3StoreSettings(endpoint == null ? null : URI.create(endpoint), "my-bucket", "id", "secret", null,
        false, 4, gcs);
  }

  @Test
  void onlyPlainHttpS3CompatibleEndpointsTakeTheDirectPath() {
    assertThat(S3GetSigner.supports(settings("http://127.0.0.1:8080", false))).isTrue();
    assertThat(S3GetSigner.supports(settings("https://s3.example.net", false))).isFalse();
    assertThat(S3GetSigner.supports(settings(null, false))).as("Amazon S3").isFalse();
    assertThat(S3GetSigner.supports(settings("http://s3.eu-west-1.amazonaws.com", false))).isFalse();
    assertThat(S3GetSigner.supports(settings("http://127.0.0.1:8080", true))).as("GCS profile").isFalse();
    assertThatThrownBy(() -> new S3GetSigner(settings(null, false), CLOCK)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPathStyleGetWithTheKeyEncodedOnceAndTheConditionsSigned() {
    S3GetSigner signer = new S3GetSigner(settings("http://127.0.0.1:8080", false), CLOCK);
    DirectGet get = signer.get("a1b2c3/AUTH_test/c/d\u00eer/x y+z", Map.of("Range", "bytes=0-9"));
    assertThat(get.host()).isEqualTo("127.0.0.1");
    assertThat(get.port()).isEqualTo(8080);
    assertThat(get.target()).isEqualTo("/my-bucket/a1b2c3/AUTH_test/c/d%C3%AEr/x%20y%2Bz");
    assertThat(header(get, "Host")).isEqualTo("127.0.0.1:8080");
    assertThat(header(get, "Range")).isEqualTo("bytes=0-9");
    assertThat(header(get, "X-Amz-Date")).isEqualTo("20261122T120000Z");
    assertThat(header(get, "Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=id/20261122/us-east-1/s3/aws4_request")
        .contains("range");
  }

  private static String header(DirectGet get, String name) {
    return get.headers().stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }
}
