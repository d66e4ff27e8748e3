package io.cloudsync.largeobject;

import io.cloudsync.store.LargeBody;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The content of a Dynamic Large Object: the internal proxy's dlo filter joins the segments, so a
 * byte range is one {@code Range} GET of the manifest object. Every read checks that the DLO's ETag
 * (the MD5 of its segments' ETags, not of the body) is still the one the upload was decided on: a
 * segment added, removed or overwritten meanwhile fails the read instead of mixing two versions.
 */
public final class DloBody implements LargeBody {
  private final SwiftPath path;
  private final ObjectMetadata metadata;
  private final LocalSegments segments;

  /** @param metadata the DLO as the internal proxy's HEAD reported it (joined length, DLO ETag) */
  public DloBody(SwiftPath path, ObjectMetadata metadata, LocalSegments segments) {
    this.path = path;
    this.metadata = metadata;
    this.segments = segments;
  }

  @Override
  public long length() {
    return metadata.contentLength();
  }

  /** None: a DLO's segments carry no MD5 of the joined content. */
  @Override
  public List<Piece> pieces() {
    return List.of();
  }

  @Override
  public Optional<byte[]> manifestJson() {
    return Optional.empty();
  }

  @Override
  public InputStream open(long offset, long length) throws IOException {
    if (offset < 0 || length < 0 || offset + length > length()) {
      throw new IllegalArgumentException("range of " + length + " bytes from " + offset + " is outside the "
          + length() + " bytes of DLO " + path);
    }
    if (length == 0) {
      return InputStream.nullInputStream();
    }
    return new ConcatenatedStream(List.of(new ConcatenatedStream.Piece(length, "DLO " + path,
        () -> segments.openRange(path, offset, length, metadata.etag()))));
  }

  @Override
  public String toString() {
    return "DLO " + path + " (" + length() + " bytes)";
  }
}
