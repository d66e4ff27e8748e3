package io.cloudsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

class EmbeddedS3MetricsIT {
  @Test
  void countsRequestsByOperation() {
    try (EmbeddedS3 s3 = EmbeddedS3.start()) {
      s3.createBucket("metrics-check");
      long before = s3.requests("PutObject");
      s3.client().putObject(b -> b.bucket("metrics-check").key("a"), RequestBody.fromString("x"));
      s3.client().putObject(b -> b.bucket("metrics-check").key("b"), RequestBody.fromString("y"));
      s3.client().headObject(b -> b.bucket("metrics-check").key("a"));
      assertThat(s3.requests("PutObject") - before).isEqualTo(2);
      assertThat(s3.requests("HeadObject")).isEqualTo(1);
    }
  }

  @Test
  void landedWritesAreTheStoredOnesAndSendingTheSameObjectAgainIsADuplicate() {
    try (EmbeddedS3 s3 = EmbeddedS3.start()) {
      s3.createBucket("landed-check");
      s3.client().putObject(b -> b.bucket("landed-check").key("a").metadata(java.util.Map.of("color", "red")),
          RequestBody.fromString("x"));
      int mark = s3.landed().mark();
      s3.client().putObject(b -> b.bucket("landed-check").key("a").metadata(java.util.Map.of("color", "red")),
          RequestBody.fromString("x"));
      s3.client().putObject(b -> b.bucket("landed-check").key("a").metadata(java.util.Map.of("color", "blue")),
          RequestBody.fromString("x"));
      s3.client().putObject(b -> b.bucket("landed-check").key("b"), RequestBody.fromString("x"));
      assertThat(s3.landed().since(mark)).hasSize(3).allMatch(w -> w.operation() == LandedWrites.Operation.PutObject);
      assertThat(s3.landed().duplicatesSince(mark)).as("only the same bytes and metadata again").isEqualTo(1);
      String id = s3.client().createMultipartUpload(b -> b.bucket("landed-check").key("m")).uploadId();
      String etag = s3.client().uploadPart(b -> b.bucket("landed-check").key("m").uploadId(id).partNumber(1),
          RequestBody.fromString("part")).eTag();
      s3.client().completeMultipartUpload(b -> b.bucket("landed-check").key("m").uploadId(id)
          .multipartUpload(u -> u.parts(p -> p.partNumber(1).eTag(etag))));
      assertThat(s3.landed().since(mark)).extracting(LandedWrites.Write::operation).endsWith(
          LandedWrites.Operation.UploadPart, LandedWrites.Operation.CompleteMultipartUpload);
    }
  }
}
