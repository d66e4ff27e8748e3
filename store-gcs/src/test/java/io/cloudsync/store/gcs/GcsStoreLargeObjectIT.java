package io.cloudsync.store.gcs;

import io.cloudsync.store.RemoteStoreLargeObjectContract;
import io.cloudsync.store.StoreBackend;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link GcsStore}'s large objects against fake-gcs-server: one object per SLO/DLO, streamed resumable. */
class GcsStoreLargeObjectIT extends RemoteStoreLargeObjectContract {
  @RegisterExtension
  static final GcsServerExtension SERVER = new GcsServerExtension();

  @Override
  protected StoreBackend backend() {
    return SERVER.server();
  }
}
