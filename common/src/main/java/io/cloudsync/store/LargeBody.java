package io.cloudsync.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The content of a Swift large object (SLO or DLO) as a remote store reads it: any byte range can
 * be opened on its own, any number of times, from any thread, so parts can be uploaded in
 * parallel, retried, and read twice (once to digest, once to send) without ever being held in
 * memory. Each {@link #open} is a fresh read of local Swift and fails (with an {@link IOException}
 * naming the segment) when what it reads no longer matches what the manifest promised.
 */
public interface LargeBody {

  /** Total bytes of the content (the concatenation of all segments, ranges applied). */
  long length();

  /**
   * The content's natural pieces in order, covering it exactly: for an SLO one per manifest entry,
   * with the segment's MD5 when the piece is a whole segment object and null when it is not known
   * without reading (a range, a nested SLO, inline data). Empty for a DLO. At most one entry per
   * manifest entry, so bounded by the manifest, never by the object's size.
   */
  List<Piece> pieces();

  /**
   * Opens {@code length} bytes from {@code offset}. The stream delivers exactly that many bytes or
   * throws; the caller closes it.
   */
  InputStream open(long offset, long length) throws IOException;

  /** The raw SLO manifest JSON (as Swift stores it) to keep beside the object, or empty for a DLO. */
  Optional<byte[]> manifestJson();

  /**
   * One piece of the content.
   *
   * @param length bytes
   * @param md5 lower-case hex MD5 of exactly these bytes, or null when unknown
   */
  record Piece(long length, String md5) {}
}
