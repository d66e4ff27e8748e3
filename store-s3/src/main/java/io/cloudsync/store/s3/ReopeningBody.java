package io.cloudsync.store.s3;

import io.cloudsync.store.BodySource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * The SDK's view of a {@link BodySource}: every {@link #newStream()} (first attempt, SDK retry)
 * re-opens the source and closes the stream it handed out before. Each stream must deliver exactly
 * the declared length: ending early or running on fails the attempt with an {@link IOException}
 * instead of leaving the server waiting or silently truncating.
 */
final class ReopeningBody implements ContentStreamProvider, AutoCloseable {
  private final BodySource source;
  private final long length;
  private final String description;
  private InputStream current;

  ReopeningBody(BodySource source, long length, String description) {
    this.source = source;
    this.length = length;
    this.description = description;
  }

  @Override
  public synchronized InputStream newStream() {
    closeCurrent();
    try {
      current = new ExactLength(source.open(), length, description);
      return current;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the body of " + description + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return "cloudsync-body";
  }

  @Override
  public synchronized void close() {
    closeCurrent();
  }

  private void closeCurrent() {
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // The attempt is over either way; a failed close only leaks one local connection.
      }
      current = null;
    }
  }

  /** Delivers exactly {@code length} bytes or fails. */
  private static final class ExactLength extends FilterInputStream {
    private final long length;
    private final String description;
    private long read;

    ExactLength(InputStream in, long length, String description) {
      super(in);
      this.length = length;
      this.description = description;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
      if (read >= length) {
        checkEnd();
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(count, length - read));
      if (n < 0) {
        throw new IOException("the body of " + description + " ended after " + read + " of "
            + length + " bytes");
      }
      read += n;
      if (read == length) {
        checkEnd();
      }
      return n;
    }

    private void checkEnd() throws IOException {
      if (in.read() >= 0) {
        throw new IOException("the body of " + description + " is longer than its declared "
            + length + " bytes");
      }
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[8192];
      long skipped = 0;
      while (skipped < n) {
        int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
