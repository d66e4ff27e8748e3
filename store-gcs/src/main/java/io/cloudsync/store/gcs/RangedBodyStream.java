package io.cloudsync.store.gcs;

import io.cloudsync.store.LargeBody;
import java.io.IOException;
import java.io.InputStream;

/**
 * A large object's content as one stream that opens it a range at a time ({@link LargeBody#open},
 * {@code rangeSize} bytes each, the last one shorter), so each local read is bounded and checked
 * by the body as it is opened, and a range that cannot be read fails the upload where it starts.
 */
final class RangedBodyStream extends InputStream {
  private final LargeBody body;
  private final long rangeSize;
  private long next;
  private InputStream current;

  RangedBodyStream(LargeBody body, long rangeSize) {
    this.body = body;
    this.rangeSize = rangeSize;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    while (true) {
      if (current == null) {
        if (next >= body.length()) {
          return -1;
        }
        long size = Math.min(rangeSize, body.length() - next);
        current = body.open(next, size);
        next += size;
      }
      int n = current.read(buffer, offset, length);
      if (n >= 0) {
        return n;
      }
      current.close();
      current = null;
    }
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
