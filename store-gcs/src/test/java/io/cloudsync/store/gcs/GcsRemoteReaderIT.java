package io.cloudsync.store.gcs;

import static io.cloudsync.store.Bodies.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.ReaderBackend;
import io.cloudsync.store.RemoteReader.ReadResponse;
import io.cloudsync.store.RemoteReaderContract;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GcsRemoteReader} against fake-gcs-server: the backend-neutral {@link RemoteReaderContract} and the S3 layout. */
class GcsRemoteReaderIT extends RemoteReaderContract {
  @RegisterExtension
  static final GcsServerExtension SERVER = new GcsServerExtension();

  @Override
  protected ReaderBackend backend() {
    return SERVER.server();
  }

  @Test
  void anObjectArchivedUnderTheS3LayoutIsReadInSwiftTerms() throws Exception {
    ((GcsSeeder) seeder).putRaw("756085/AUTH_test/container/obj", DATA, "text/x-test", Map.of("color", "bl%C3%A9u"));

    ReadResponse get = get(path("obj"), Map.of());

    assertThat(get.status()).isEqualTo(200);
    assertThat(get.header("X-Object-Meta-color")).isEqualTo(META_ON_THE_WIRE);
    assertThat(readAll(get.body())).isEqualTo(DATA);
  }

  @Test
  void theContentLocationIsUpstreamsFormatWithTheApiRoot() {
    assertThat(reader.contentLocation(ACCOUNT, CONTAINER)).isEqualTo(SERVER.server().endpoint() + ";" + bucket + ";"
        + S3KeyNaming.hashPrefix(ACCOUNT, CONTAINER) + "/" + ACCOUNT + "/" + CONTAINER + "/");
  }
}
