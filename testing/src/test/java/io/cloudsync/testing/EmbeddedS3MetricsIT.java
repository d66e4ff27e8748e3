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
}
