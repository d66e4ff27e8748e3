package io.cloudsync.largeobject;

import io.cloudsync.store.LargeBody;
import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The content of a Static Large Object: its manifest's entries concatenated, ranges applied, nested
 * SLOs expanded (up to Swift's nesting limit), inline data included. A byte range is read segment
 * by segment with {@code Range} GETs, each segment's ETag checked against the manifest's
 * {@code hash}. Memory: the manifest's entries and one offset per entry, nothing per byte.
 */
public final class SloBody implements LargeBody {
  /** Swift's SLO middleware refuses manifests nested deeper than this. */
  static final int MAX_DEPTH = 10;

  private final SwiftPath path;
  private final SloManifest manifest;
  private final LocalSegments segments;
  private final int depth;
  private final long[] starts;

  /**
   * @param path the manifest object (its account holds the segments; named in error messages)
   * @param manifest its parsed manifest
   */
  public SloBody(SwiftPath path, SloManifest manifest, LocalSegments segments) {
    this(path, manifest, segments, 1);
  }

  private SloBody(SwiftPath path, SloManifest manifest, LocalSegments segments, int depth) {
    this.path = path;
    this.manifest = manifest;
    this.segments = segments;
    this.depth = depth;
    List<SloEntry> entries = manifest.entries();
    this.starts = new long[entries.size() + 1];
    for (int i = 0; i < entries.size(); i++) {
      starts[i + 1] = starts[i] + entries.get(i).length();
    }
  }

  /**
   * Reads and parses the manifest of the SLO at {@code path}, checking that its ETag is still
   * {@code manifestEtag} (the one the decision to upload was based on).
   */
  public static SloBody read(SwiftPath path, String manifestEtag, LocalSegments segments)
      throws IOException, ManifestException {
    return new SloBody(path, SloManifest.parse(segments.readManifest(path, manifestEtag)), segments);
  }

  public SloManifest manifest() {
    return manifest;
  }

  @Override
  public long length() {
    return starts[starts.length - 1];
  }

  @Override
  public List<Piece> pieces() {
    List<Piece> pieces = new ArrayList<>(manifest.entries().size());
    for (SloEntry entry : manifest.entries()) {
      String md5 = entry instanceof SloEntry.Segment s && s.wholeObject() ? s.hash() : null;
      pieces.add(new Piece(entry.length(), md5));
    }
    return pieces;
  }

  @Override
  public Optional<byte[]> manifestJson() {
    return Optional.of(manifest.json());
  }

  @Override
  public InputStream open(long offset, long length) throws IOException {
    if (offset < 0 || length < 0 || offset + length > length()) {
      throw new IllegalArgumentException("range of " + length + " bytes from " + offset + " is outside the "
          + length() + " bytes of SLO " + path);
    }
    List<ConcatenatedStream.Piece> pieces = new ArrayList<>();
    int index = entryAt(offset);
    long position = offset;
    long end = offset + length;
    while (position < end) {
      SloEntry entry = manifest.entries().get(index);
      long within = position - starts[index];
      long take = Math.min(entry.length() - within, end - position);
      if (take > 0) {
        pieces.add(new ConcatenatedStream.Piece(take, describe(entry), opener(entry, within, take)));
      }
      position += take;
      index++;
    }
    return new ConcatenatedStream(pieces);
  }

  /** The index of the entry holding byte {@code offset} (skipping empty entries). */
  private int entryAt(long offset) {
    int found = Arrays.binarySearch(starts, offset);
    int index = found >= 0 ? found : -found - 2;
    while (index < manifest.entries().size() - 1 && starts[index + 1] <= offset) {
      index++;
    }
    return Math.max(0, index);
  }

  private ConcatenatedStream.Opener opener(SloEntry entry, long within, long take) {
    if (entry instanceof SloEntry.Data data) {
      return () -> new ByteArrayInputStream(data.bytes(), (int) within, (int) take);
    }
    SloEntry.Segment segment = (SloEntry.Segment) entry;
    SwiftPath segmentPath = new SwiftPath(path.account(), segment.container(), segment.object());
    if (!segment.subSlo()) {
      return () -> segments.openRange(segmentPath, segment.firstByte() + within, take, segment.hash());
    }
    return () -> nested(segmentPath, segment).open(segment.firstByte() + within, take);
  }

  private SloBody nested(SwiftPath segmentPath, SloEntry.Segment segment) throws IOException {
    if (depth >= MAX_DEPTH) {
      throw new IOException("SLO " + path + " nests SLOs more than " + MAX_DEPTH + " deep (at " + segmentPath + ")");
    }
    SloManifest nested;
    try {
      nested = SloManifest.parse(segments.readManifest(segmentPath, null));
    } catch (ManifestException e) {
      throw new IOException("nested SLO " + segmentPath + ": " + e.getMessage(), e);
    }
    SloBody body = new SloBody(segmentPath, nested, segments, depth + 1);
    if (body.length() != segment.objectBytes()) {
      throw new IOException("nested SLO " + segmentPath + " holds " + body.length() + " bytes, not "
          + segment.objectBytes() + " as the manifest of " + path + " expects (changed since)");
    }
    return body;
  }

  private String describe(SloEntry entry) {
    return "segment " + entry + " of SLO " + path;
  }

  @Override
  public String toString() {
    return "SLO " + path + " (" + manifest.entries().size() + " entries, " + length() + " bytes)";
  }
}
