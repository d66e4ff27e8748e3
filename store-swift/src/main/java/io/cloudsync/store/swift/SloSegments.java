package io.cloudsync.store.swift;

import io.cloudsync.largeobject.ManifestException;
import io.cloudsync.largeobject.SloEntry;
import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.store.LargeBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * How a local Static Large Object is laid out on a remote Swift cluster: one remote segment object
 * per manifest entry, named {@code <original segment container>/<segment name>} inside
 * {@code <remote container>_segments} (1space kept only the segment name, so two local segment
 * containers holding the same name collided), and inline data entries kept inline. A whole segment
 * keeps its ETag, so the remote SLO's ETag (the MD5 of its segments' ETags) is the local one. A
 * byte range of a segment, or a nested SLO, is copied as the bytes it contributes, under the
 * segment's name with {@code /<first>-<last>} appended: the content is the same, its ETag not.
 *
 * <p>When the manifest does not describe the pieces one to one (it cannot be parsed, or lists other
 * lengths), segments are named {@code <object name>/<8-digit index>}.
 */
final class SloSegments {

  /**
   * One entry of the remote manifest.
   *
   * @param offset where its bytes start in the content
   * @param length its bytes
   * @param name the segment object in the segments container, or null for inline data
   * @param md5 the bytes' MD5 when known without reading them, else null
   * @param data inline data, or null
   */
  record Entry(long offset, long length, String name, String md5, byte[] data) {
    boolean inline() {
      return data != null;
    }
  }

  private SloSegments() {}

  /** The remote entries of {@code body}, the SLO at {@code object}; zero-length pieces are left out. */
  static List<Entry> plan(String object, LargeBody body) throws IOException {
    List<LargeBody.Piece> pieces = body.pieces();
    List<SloEntry> entries = matchingEntries(body, pieces).orElse(null);
    List<Entry> plan = new ArrayList<>(pieces.size());
    long offset = 0;
    for (int i = 0; i < pieces.size(); i++) {
      LargeBody.Piece piece = pieces.get(i);
      if (piece.length() > 0) {
        plan.add(entry(object, body, i, offset, piece, entries == null ? null : entries.get(i)));
      }
      offset += piece.length();
    }
    return plan;
  }

  private static Entry entry(String object, LargeBody body, int index, long offset, LargeBody.Piece piece,
      SloEntry local) throws IOException {
    if (local == null) {
      return new Entry(offset, piece.length(), object + "/" + String.format("%08d", index), piece.md5(), null);
    }
    if (local instanceof SloEntry.Data) {
      try (InputStream in = body.open(offset, piece.length())) {
        return new Entry(offset, piece.length(), null, null, in.readNBytes((int) piece.length()));
      }
    }
    SloEntry.Segment segment = (SloEntry.Segment) local;
    String name = segment.container() + "/" + segment.object();
    if (!segment.wholeObject()) {
      name += "/" + segment.firstByte() + "-" + (segment.firstByte() + segment.length() - 1);
    }
    return new Entry(offset, piece.length(), name, segment.wholeObject() ? piece.md5() : null, null);
  }

  /** The manifest's entries when they are the pieces, one to one, else empty. */
  private static Optional<List<SloEntry>> matchingEntries(LargeBody body, List<LargeBody.Piece> pieces) {
    Optional<byte[]> json = body.manifestJson();
    if (json.isEmpty()) {
      return Optional.empty();
    }
    List<SloEntry> entries;
    try {
      entries = SloManifest.parse(json.get()).entries();
    } catch (ManifestException e) {
      return Optional.empty();
    }
    if (entries.size() != pieces.size()) {
      return Optional.empty();
    }
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).length() != pieces.get(i).length()) {
        return Optional.empty();
      }
    }
    return Optional.of(entries);
  }

  /**
   * Swift's SLO ETag of a manifest whose entries have these ETags (segments) or bytes (inline data):
   * the MD5 of the segments' hex ETags and the inline data's hex MD5s, concatenated.
   */
  static String sloEtag(List<Entry> entries, List<String> etags) {
    MessageDigest digest = LocalContent.md5Digest();
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      String part = entry.inline()
          ? HexFormat.of().formatHex(LocalContent.md5Digest().digest(entry.data()))
          : etags.get(i);
      digest.update(part.getBytes(StandardCharsets.US_ASCII));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * The SLO ETag a remote copy holding exactly {@code pieces} as whole segments has, or null when a
   * piece's MD5 is unknown without reading it.
   */
  static String sloEtag(List<LargeBody.Piece> pieces) {
    MessageDigest digest = LocalContent.md5Digest();
    for (LargeBody.Piece piece : pieces) {
      if (piece.length() == 0) {
        continue;
      }
      if (piece.md5() == null) {
        return null;
      }
      digest.update(piece.md5().getBytes(StandardCharsets.US_ASCII));
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
