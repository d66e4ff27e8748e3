package io.cloudsync.largeobject;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

/**
 * Several pieces read one after the other as one stream, each opened only when the previous one is
 * used up (one local connection at a time) and each required to deliver exactly its length: a
 * piece that ends early fails the read with the piece's name instead of shifting every later byte.
 */
public final class ConcatenatedStream extends InputStream {

  /** Opens one piece; called at most once. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  /**
   * One piece of the stream.
   *
   * @param length exact bytes the piece delivers (at least 1)
   * @param description names the piece in error messages
   */
  public record Piece(long length, String description, Opener opener) {}

  private final Iterator<Piece> pieces;
  private Piece piece;
  private InputStream current;
  private long left;

  public ConcatenatedStream(List<Piece> pieces) {
    this.pieces = pieces.iterator();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) throws IOException {
    if (count == 0) {
      return 0;
    }
    while (current == null || left == 0) {
      closeCurrent();
      if (!pieces.hasNext()) {
        return -1;
      }
      piece = pieces.next();
      current = piece.opener().open();
      left = piece.length();
    }
    int n = current.read(buffer, offset, (int) Math.min(count, left));
    if (n < 0) {
      throw new IOException(piece.description() + " ended after " + (piece.length() - left) + " of "
          + piece.length() + " bytes");
    }
    left -= n;
    return n;
  }

  @Override
  public void close() throws IOException {
    closeCurrent();
  }

  private void closeCurrent() throws IOException {
    if (current != null) {
      InputStream done = current;
      current = null;
      done.close();
    }
  }
}
