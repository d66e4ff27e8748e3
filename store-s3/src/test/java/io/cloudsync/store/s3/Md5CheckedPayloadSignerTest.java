package io.cloudsync.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class Md5CheckedPayloadSignerTest {
  private final Md5CheckedPayloadSigner signer = new Md5CheckedPayloadSigner();
  private final AtomicInteger opens = new AtomicInteger();
  private final ContentStreamProvider body = () -> {
    opens.incrementAndGet();
    return new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8));
  };

  @Test
  void httpWithContentMd5IsSignedWithoutReadingTheBody() throws IOException {
    SignedRequest signed = sign("http", true);
    assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
    assertThat(signed.request().firstMatchingHeader("Authorization").orElseThrow()).contains("content-md5");
    assertThat(opens).hasValue(0);
    assertThat(signed.payload().orElseThrow().newStream().readAllBytes()).asString().isEqualTo("hello");
  }

  @Test
  void httpWithoutContentMd5KeepsTheSdkPayloadHash() {
    SignedRequest signed = sign("http", false);
    assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256"))
        .contains("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"); // sha256("hello")
    assertThat(opens).hasValue(1);
  }

  @Test
  void httpsIsLeftToTheSdk() {
    SignedRequest signed = sign("https", true);
    assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
    assertThat(opens).hasValue(0);
  }

  private SignedRequest sign(String protocol, boolean contentMd5) {
    SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.PUT)
        .protocol(protocol)
        .host("127.0.0.1")
        .port(8080)
        .encodedPath("/bucket/key")
        .putHeader("Content-Length", "5");
    if (contentMd5) {
      request.putHeader("Content-MD5", "XUFAKrxLKna5cZ2REBfFkg==");
    }
    AwsCredentialsIdentity identity = AwsBasicCredentials.create("id", "secret");
    return signer.sign(r -> r.identity(identity)
        .request(request.build())
        .payload(body)
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, false));
  }
}
