package io.cloudsync.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Large-object content in memory, with its pieces and (for an SLO) its manifest; counts its reads. */
public class MemoryBody implements LargeBody {
  private final byte[] content;
  private final List<Piece> pieces;
  private final byte[] manifest;
  private final AtomicInteger opens = new AtomicInteger();

  /** A DLO's content, or an SLO's without a manifest copy. */
  public MemoryBody(byte[] content, List<Piece> pieces) {
    this(content, pieces, null);
  }

  /** An SLO's content with its raw manifest, or null for none. */
  public MemoryBody(byte[] content, List<Piece> pieces, byte[] manifest) {
    this.content = content;
    this.pieces = List.copyOf(pieces);
    this.manifest = manifest;
  }

  /** The whole content. */
  public byte[] content() {
    return content.clone();
  }

  /** How often a range was opened. */
  public AtomicInteger opens() {
    return opens;
  }

  @Override
  public long length() {
    return content.length;
  }

  @Override
  public List<Piece> pieces() {
    return pieces;
  }

  @Override
  public InputStream open(long offset, long length) throws IOException {
    opens.incrementAndGet();
    return new ByteArrayInputStream(content, (int) offset, (int) length);
  }

  @Override
  public Optional<byte[]> manifestJson() {
    return Optional.ofNullable(manifest).map(byte[]::clone);
  }

  @Override
  public String toString() {
    return "test content";
  }
}
