package io.cloudsync.metadata;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The percent-quoting swift-s3-sync applies to S3 metadata values: Python 2
 * {@code urllib.quote(value_utf8, safe='/')}. ASCII letters, digits, {@code _ . - /} stay as they
 * are; every other byte of the UTF-8 encoding (space, {@code ~}, {@code %}, {@code +}, non-ASCII)
 * becomes {@code %XX} with upper-case hex.
 */
public final class PercentQuoting {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentQuoting() {}

  /** Quotes {@code value} as {@code urllib.quote(value.encode('utf-8'), safe='/')}. */
  public static String quote(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (isSafe(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /**
   * Reverses {@link #quote}: {@code %XX} sequences become bytes, read as UTF-8 ({@code +} stays a
   * plus sign, as in {@code urllib.unquote}). A value that is not valid quoting (a {@code %} not
   * followed by two hex digits, or bytes that are not UTF-8) was not written by a quoting tool and
   * is returned as it is.
   */
  public static String unquote(String value) {
    return tryUnquote(value).orElse(value);
  }

  /** The unquoted value, or empty when {@code value} is not valid percent-quoted UTF-8. */
  public static Optional<String> tryUnquote(String value) {
    if (value.indexOf('%') < 0) {
      return Optional.of(value);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 2 >= value.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(value.charAt(i + 1), 16);
        int lo = Character.digit(value.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        int codePoint = value.codePointAt(i);
        byte[] raw = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
        i += Character.charCount(codePoint) - 1;
      }
    }
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isSafe(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '.' || c == '-' || c == '/';
  }
}
