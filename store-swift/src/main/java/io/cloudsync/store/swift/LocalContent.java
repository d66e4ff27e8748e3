package io.cloudsync.store.swift;

import io.cloudsync.largeobject.ConcatenatedStream;
import io.cloudsync.store.LargeBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * Local content as a request body, streamed: opened only when the body is written (after
 * {@code 100 Continue}, so a refused request opens nothing), exactly {@code length} bytes or the
 * request fails, and its MD5 computed on the way when the caller must compare it with the ETag the
 * cluster answers. A failure to read locally is a {@link ReadFailure}, so it is never mistaken for
 * the remote cluster's.
 */
final class LocalContent extends AbstractHttpEntity {
  private static final int BUFFER = 64 * 1024;
  /** The ranges a large object is read in: no local GET stays open for a whole multi-GiB transfer. */
  static final long WINDOW = 16L << 20;

  /** Opens the content from its start; the caller closes the stream. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  /** Reading the local content failed (not the remote cluster). */
  static final class ReadFailure extends IOException {
    private static final long serialVersionUID = 1L;

    ReadFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final Opener opener;
  private final long length;
  private final boolean digest;
  private volatile String md5;

  /**
   * @param digest compute the MD5 of what is sent ({@link #md5()})
   */
  LocalContent(Opener opener, long length, boolean digest) {
    super((String) null, null);
    this.opener = opener;
    this.length = length;
    this.digest = digest;
    this.md5 = digest && length == 0 ? HexFormat.of().formatHex(md5Digest().digest()) : null;
  }

  /**
   * {@code length} bytes of {@code body} from {@code offset}, read as consecutive ranges of at most
   * {@link #WINDOW}, each a {@link LargeBody#open} of its own.
   */
  static LocalContent of(LargeBody body, long offset, long length, boolean digest) {
    return new LocalContent(() -> {
      List<ConcatenatedStream.Piece> windows = new ArrayList<>();
      for (long at = offset; at < offset + length; at += WINDOW) {
        long from = at;
        long take = Math.min(WINDOW, offset + length - at);
        windows.add(new ConcatenatedStream.Piece(take, "bytes " + from + "-" + (from + take - 1) + " of " + body,
            () -> body.open(from, take)));
      }
      return new ConcatenatedStream(windows);
    }, length, digest);
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    MessageDigest md = digest ? md5Digest() : null;
    InputStream in;
    try {
      in = opener.open();
    } catch (IOException e) {
      throw new ReadFailure(e);
    }
    try (in) {
      byte[] buffer = new byte[BUFFER];
      long left = length;
      while (left > 0) {
        int n;
        try {
          n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        } catch (IOException e) {
          throw new ReadFailure(e);
        }
        if (n < 0) {
          throw new ReadFailure(new IOException("the local content ended after " + (length - left) + " of "
              + length + " bytes"));
        }
        if (md != null) {
          md.update(buffer, 0, n);
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
    if (md != null) {
      md5 = HexFormat.of().formatHex(md.digest());
    }
  }

  /** The MD5 of the bytes sent (after a complete {@link #writeTo}), or null. */
  String md5() {
    return md5;
  }

  static MessageDigest md5Digest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  @Override
  public InputStream getContent() throws IOException {
    return opener.open();
  }

  @Override
  public long getContentLength() {
    return length;
  }

  @Override
  public boolean isRepeatable() {
    return false;
  }

  @Override
  public boolean isStreaming() {
    return false;
  }

  @Override
  public void close() {
    // nothing held between writes
  }
}
