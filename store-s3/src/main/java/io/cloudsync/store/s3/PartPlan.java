package io.cloudsync.store.s3;

import io.cloudsync.store.LargeBody;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a large object is cut into the parts of an S3 multipart upload (and of a multipart
 * self-copy, which must cut it the same way to keep the ETag).
 *
 * <p>{@linkplain #segmentAligned Segment-aligned} when the SLO's segments are valid parts as they
 * are (upstream's rule: every piece a whole segment with a known MD5, every non-last piece at least
 * {@value #MIN_PART} bytes, none over {@value #MAX_PART}, at most {@value #MAX_PARTS}): one part per
 * segment, whose MD5 is the segment's {@code hash}, so the multipart ETag is swift-s3-sync's
 * {@code md5(concat(md5s))-N}. Otherwise (small segments, ranges, nested SLOs, inline data, too
 * many segments, a DLO) fixed-size parts of {@link #partSize} bytes cut from the concatenated
 * content, whose MD5s are not known before reading. A plan depends only on the layout, never on
 * the time or configuration, so the same local object always gets the same parts.
 *
 * @param parts the parts in order; at most {@value #MAX_PARTS}
 * @param segmentAligned one part per SLO segment, each with the segment's MD5
 */
record PartPlan(List<Part> parts, boolean segmentAligned) {
  /** S3's smallest part (except the last). */
  static final long MIN_PART = 5L << 20;
  /** S3's largest part. */
  static final long MAX_PART = 5L << 30;
  /** S3's most parts per upload. */
  static final int MAX_PARTS = 10_000;
  /** S3's largest object. */
  static final long MAX_OBJECT = 5L << 40;
  /** Re-chunked parts: large enough for few requests, small enough to retry cheaply. */
  static final long PART_SIZE = 8L << 20;

  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

  PartPlan {
    parts = List.copyOf(parts);
  }

  /**
   * One part.
   *
   * @param number S3 part number, from 1
   * @param offset first byte in the object's content
   * @param length bytes
   * @param md5 lower-case hex MD5 of the part when known without reading, else null
   */
  record Part(int number, long offset, long length, String md5) {
    /** {@code bytes=a-b} for an {@code UploadPartCopy} of this part from the whole object. */
    String copyRange() {
      return "bytes=" + offset + "-" + (offset + length - 1);
    }
  }

  /** The plan for {@code body}: segment-aligned when its pieces allow it, else fixed-size parts. */
  static PartPlan of(LargeBody body) {
    List<LargeBody.Piece> pieces = body.pieces();
    if (!aligned(pieces)) {
      return fixed(body.length());
    }
    List<Part> parts = new ArrayList<>(pieces.size());
    long offset = 0;
    for (LargeBody.Piece piece : pieces) {
      parts.add(new Part(parts.size() + 1, offset, piece.length(), piece.md5()));
      offset += piece.length();
    }
    return new PartPlan(parts, true);
  }

  /** Parts of {@link #partSize}({@code length}) bytes (the last one shorter); one empty part for 0 bytes. */
  static PartPlan fixed(long length) {
    if (length < 0 || length > MAX_OBJECT) {
      throw new IllegalArgumentException(length + " bytes cannot be one S3 object (at most " + MAX_OBJECT + ")");
    }
    long size = partSize(length);
    List<Part> parts = new ArrayList<>();
    long offset = 0;
    do {
      long part = Math.min(size, length - offset);
      parts.add(new Part(parts.size() + 1, offset, part, null));
      offset += part;
    } while (offset < length);
    return new PartPlan(parts, false);
  }

  /**
   * {@value #PART_SIZE} bytes, or more for objects that would otherwise need over
   * {@value #MAX_PARTS} parts (then rounded up to whole MiB).
   */
  static long partSize(long length) {
    long needed = (length + MAX_PARTS - 1) / MAX_PARTS;
    long mib = 1L << 20;
    return Math.max(PART_SIZE, (needed + mib - 1) / mib * mib);
  }

  private static boolean aligned(List<LargeBody.Piece> pieces) {
    if (pieces.isEmpty() || pieces.size() > MAX_PARTS) {
      return false;
    }
    for (int i = 0; i < pieces.size(); i++) {
      LargeBody.Piece piece = pieces.get(i);
      boolean last = i == pieces.size() - 1;
      if (piece.md5() == null || !MD5_HEX.matcher(piece.md5()).matches() || piece.length() < 1
          || piece.length() > MAX_PART || (!last && piece.length() < MIN_PART)) {
        return false;
      }
    }
    return true;
  }

  /** Total bytes. */
  long length() {
    Part last = parts.get(parts.size() - 1);
    return last.offset() + last.length();
  }

  /**
   * The multipart ETag S3 will give the object when every part's MD5 is known:
   * {@code md5(concat(binary md5 of each part))-N} (upstream's {@code get_slo_etag}).
   */
  Optional<String> expectedEtag() {
    List<String> md5s = new ArrayList<>(parts.size());
    for (Part part : parts) {
      if (part.md5() == null) {
        return Optional.empty();
      }
      md5s.add(part.md5());
    }
    return Optional.of(multipartEtag(md5s));
  }

  /** {@code md5(concat(binary md5s))-N} of the parts' hex MD5s (or ETags). */
  static String multipartEtag(List<String> md5s) {
    java.security.MessageDigest digest = Md5.newDigest();
    for (String md5 : md5s) {
      digest.update(HexFormat.of().parseHex(md5));
    }
    return HexFormat.of().formatHex(digest.digest()) + "-" + md5s.size();
  }
}
