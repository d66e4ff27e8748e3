package io.cloudsync.crawler.ring;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * The named sections of a decompressed v2 ring. The stream ends with two uint64 (big-endian):
 * the uncompressed and the compressed offset of the index, a length-prefixed JSON object
 * {@code {section: [cstart, ustart, cend, uend, checksum method, hex digest]}}; each section is a
 * uint64 length and the data, and the digest covers both.
 */
final class V2Sections {
  private static final Map<String, String> DIGESTS = Map.of(
      "md5", "MD5", "sha1", "SHA-1", "sha256", "SHA-256", "sha512", "SHA-512");

  private final Path file;
  private final byte[] data;
  private final int base;
  private final JsonNode index;

  /**
   * @param data the decompressed stream after the magic and version
   * @param base the uncompressed offset of {@code data[0]} (offsets in the file count from the magic)
   */
  V2Sections(Path file, byte[] data, int base) throws RingFormatException {
    this.file = file;
    this.data = data;
    this.base = base;
    if (data.length < 16) {
      throw new RingFormatException(file, "truncated v2 ring: no index offsets at the end");
    }
    long indexStart = ByteBuffer.wrap(data, data.length - 16, 8).getLong();
    byte[] indexJson = blobAt(indexStart, "index");
    this.index = RingFileReader.parseJson(file, "v2 index", indexJson);
  }

  /** The data of a section, after checking its length and digest. */
  byte[] read(String section) throws RingFormatException {
    JsonNode entry = index.get(section);
    if (entry == null || !entry.isArray() || entry.size() < 6) {
      throw new RingFormatException(file, "v2 ring has no section '" + section + "' in its index");
    }
    long start = entry.get(1).asLong();
    long end = entry.get(3).asLong();
    byte[] blob = blobAt(start, "section " + section);
    if (8 + (long) blob.length != end - start) {
      throw new RingFormatException(file, "section " + section + " is " + (8 + blob.length)
          + " bytes but the index says " + (end - start));
    }
    verify(section, start, blob, entry.get(4).asText(), entry.get(5).asText());
    return blob;
  }

  private byte[] blobAt(long offset, String what) throws RingFormatException {
    long at = offset - base;
    if (at < 0 || at + 8 > data.length) {
      throw new RingFormatException(file, what + " offset " + offset + " is outside the ring data");
    }
    long length = ByteBuffer.wrap(data, (int) at, 8).getLong();
    if (length < 0 || at + 8 + length > data.length) {
      throw new RingFormatException(file, what + " at offset " + offset + " claims " + length
          + " bytes, past the end of the ring data");
    }
    byte[] blob = new byte[(int) length];
    System.arraycopy(data, (int) at + 8, blob, 0, (int) length);
    return blob;
  }

  private void verify(String section, long start, byte[] blob, String method, String expected)
      throws RingFormatException {
    String algorithm = DIGESTS.get(method.toLowerCase(Locale.ROOT));
    if (algorithm == null) {
      throw new RingFormatException(file, "section " + section + " has unsupported checksum '" + method + "'");
    }
    try {
      MessageDigest digest = MessageDigest.getInstance(algorithm);
      digest.update(data, (int) (start - base), 8);
      digest.update(blob);
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equalsIgnoreCase(expected)) {
        throw new RingFormatException(file, "section " + section + " is corrupt: " + method + " "
            + actual + ", index says " + expected);
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }
}
