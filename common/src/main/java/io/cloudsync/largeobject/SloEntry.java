package io.cloudsync.largeobject;

/** One entry of a Static Large Object's manifest: a (range of a) segment object, or inline data. */
public sealed interface SloEntry permits SloEntry.Segment, SloEntry.Data {

  /** Bytes this entry contributes to the large object's content. */
  long length();

  /**
   * A segment object, or a byte range of it.
   *
   * @param container the segment's container (same account as the manifest)
   * @param object the segment's object name
   * @param objectBytes the size of the whole segment object (for a nested SLO: of its content)
   * @param hash the segment's ETag as the manifest recorded it (for a nested SLO: its SLO ETag)
   * @param firstByte where the used range starts (0 without a range)
   * @param length bytes used from {@code firstByte}
   * @param subSlo the segment is itself an SLO (its raw GET is a manifest, not data)
   * @param contentType the segment's {@code content_type} as the manifest recorded it, or null
   */
  record Segment(String container, String object, long objectBytes, String hash, long firstByte, long length,
      boolean subSlo, String contentType) implements SloEntry {

    /** True when the whole segment object is used, so its bytes are exactly those {@code hash} digests. */
    public boolean wholeObject() {
      return !subSlo && firstByte == 0 && length == objectBytes;
    }

    @Override
    public String toString() {
      return "/" + container + "/" + object + (wholeObject() ? "" : " bytes " + firstByte + "-"
          + (firstByte + length - 1));
    }
  }

  /**
   * Bytes stored in the manifest itself ({@code {"data": "<base64>"}}); small by Swift's limits.
   *
   * @param bytes the decoded data; never modified
   */
  record Data(byte[] bytes) implements SloEntry {
    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public String toString() {
      return "inline data (" + bytes.length + " bytes)";
    }
  }
}
