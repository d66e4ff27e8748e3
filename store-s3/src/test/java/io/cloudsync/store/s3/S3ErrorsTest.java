package io.cloudsync.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3ErrorsTest {
  private static final String WHAT = "PUT 'k' in bucket 'b' at http://h";

  @ParameterizedTest
  @CsvSource({
      "403, InvalidAccessKeyId, AUTH",
      "403, SignatureDoesNotMatch, AUTH",
      "403, AccessDenied, AUTH",
      "403, '', AUTH",
      "401, '', AUTH",
      "404, NoSuchBucket, NO_SUCH_BUCKET",
      "400, KeyTooLongError, REJECTED",
      "400, MetadataTooLarge, REJECTED",
      "400, BadDigest, TRANSIENT",
      "500, InternalError, TRANSIENT",
      "503, SlowDown, TRANSIENT",
      "403, InvalidObjectState, TRANSIENT",
  })
  void mapsServiceErrors(int status, String code, Kind kind) {
    S3Exception error = (S3Exception) S3Exception.builder()
        .statusCode(status)
        .requestId("req-1")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code.isEmpty() ? null : code)
            .errorMessage("remote says no").build())
        .build();
    StoreException mapped = S3Errors.map(error, WHAT);
    assertThat(mapped.kind()).isEqualTo(kind);
    assertThat(mapped.getMessage())
        .startsWith("S3 " + WHAT + ": " + status)
        .contains(code)
        .contains("remote says no")
        .contains("req-1");
    assertThat(mapped.getCause()).isSameAs(error);
  }

  @Test
  void connectionFailuresAreUnreachable() {
    StoreException refused = S3Errors.map(SdkClientException.create("Unable to execute HTTP request",
        new ConnectException("Connection refused")), WHAT);
    assertThat(refused.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(refused.getMessage()).contains("'k'").contains("'b'").contains("Connection refused");

    StoreException unknown = S3Errors.map(SdkClientException.create("x",
        new UnknownHostException("nowhere.invalid")), WHAT);
    assertThat(unknown.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(unknown.getMessage()).contains("nowhere.invalid");
  }

  @Test
  void otherClientFailuresAreTransient() {
    StoreException body = S3Errors.map(new UncheckedIOException("cannot read the body of a/c/o: gone",
        new IOException("gone")), WHAT);
    assertThat(body.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(body.getMessage()).contains("cannot read the body of a/c/o");

    StoreException timeout = S3Errors.map(SdkClientException.create("Read timed out"), WHAT);
    assertThat(timeout.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(timeout.getMessage()).contains(WHAT).contains("Read timed out");
  }
}
