package io.cloudsync.sync.transfer;

import io.cloudsync.store.BodySource;
import io.cloudsync.local.ObjectStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A {@link BodySource} whose first open hands out a body already opened (the GET that also
 * supplied the object's metadata) and every later open (an SDK retry) asks {@code reopen} for a
 * fresh one. {@link #closeUnused()} closes the first body when the store never asked for it (it
 * refused the upload before sending), so its connection is not left hanging.
 */
final class FirstOpenBody implements BodySource {
  private final BodySource reopen;
  private ObjectStream first;

  FirstOpenBody(ObjectStream first, BodySource reopen) {
    this.first = first;
    this.reopen = reopen;
  }

  @Override
  public synchronized InputStream open() throws IOException {
    if (first == null) {
      return reopen.open();
    }
    InputStream body = first.body();
    first = null;
    return body;
  }

  /** Closes the first body if it was never handed out. */
  synchronized void closeUnused() {
    if (first != null) {
      try {
        first.close();
      } catch (IOException e) {
        // an unread response being dropped; nothing to report
      }
      first = null;
    }
  }
}
