package io.cloudsync.store.s3;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** MD5 digests: of a stream (read through a small buffer) and in the forms S3 headers use. */
final class Md5 {
  private static final int BUFFER = 64 * 1024;

  private Md5() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  /** Lower-case hex MD5 of {@code data}. */
  static String hex(byte[] data) {
    return HexFormat.of().formatHex(newDigest().digest(data));
  }

  /**
   * Lower-case hex MD5 of exactly {@code length} bytes of {@code in} (closed afterwards); fails when
   * the stream ends early or runs on.
   */
  static String hex(InputStream in, long length, String description) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[BUFFER];
    long read = 0;
    try (in) {
      while (read < length) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - read));
        if (n < 0) {
          throw new IOException(description + " ended after " + read + " of " + length + " bytes");
        }
        digest.update(buffer, 0, n);
        read += n;
      }
      if (in.read() >= 0) {
        throw new IOException(description + " is longer than its declared " + length + " bytes");
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The {@code Content-MD5} header value (base64 of the binary digest) of a hex MD5. */
  static String contentMd5(String hex) {
    return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
  }
}
