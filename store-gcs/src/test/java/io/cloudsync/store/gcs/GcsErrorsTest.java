package io.cloudsync.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.store.StoreException.Kind;
import org.junit.jupiter.api.Test;

/** What each GCS answer means for the daemon. */
class GcsErrorsTest {
  @Test
  void statusesMapToKinds() {
    assertThat(GcsErrors.kind(401, "", false)).isEqualTo(Kind.AUTH);
    assertThat(GcsErrors.kind(403, "", false)).isEqualTo(Kind.AUTH);
    assertThat(GcsErrors.kind(404, "Not Found", true)).isEqualTo(Kind.NO_SUCH_BUCKET);
    assertThat(GcsErrors.kind(404, "The specified bucket does not exist.", false)).isEqualTo(Kind.NO_SUCH_BUCKET);
    assertThat(GcsErrors.kind(404, "No such object", false)).isEqualTo(Kind.TRANSIENT);
    assertThat(GcsErrors.kind(400, "Provided MD5 hash \"x\" doesn't match calculated MD5 hash \"y\".", false))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(GcsErrors.kind(400, "Invalid object name", false)).isEqualTo(Kind.REJECTED);
    assertThat(GcsErrors.kind(412, "", false)).isEqualTo(Kind.TRANSIENT);
    assertThat(GcsErrors.kind(429, "", false)).isEqualTo(Kind.TRANSIENT);
    assertThat(GcsErrors.kind(503, "", false)).isEqualTo(Kind.TRANSIENT);
  }
}
