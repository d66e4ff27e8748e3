package io.cloudsync.crawler.pending;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Just enough of Python's pickle to read the object name of a {@code .pending} record: Swift
 * pickles {@code (name, timestamp, size, content_type, etag, deleted, policy_index,
 * ctype_timestamp, meta_timestamp)} with protocol 2, so a record opens with PROTO, MARK and the
 * name as a unicode string (Python 3) or a byte string (Python 2, UTF-8 bytes). Nothing is
 * evaluated; anything else is "not a record". The name serves to tell records apart, so a name that
 * is not valid UTF-8 comes back as its bytes (one char each) behind a NUL, which no name holds.
 */
final class PickledRecord {
  private static final int PROTO = 0x80;
  private static final int MARK = '(';
  private static final int BINUNICODE = 'X';
  private static final int SHORT_BINUNICODE = 0x8c;
  private static final int BINSTRING = 'T';
  private static final int SHORT_BINSTRING = 'U';

  private PickledRecord() {}

  /** The first element of the pickled tuple when it is a string, else null. */
  static String firstString(byte[] pickle) {
    int at = 0;
    if (at + 1 < pickle.length && (pickle[at] & 0xff) == PROTO) {
      at += 2;
    }
    if (at >= pickle.length || (pickle[at] & 0xff) != MARK) {
      return null;
    }
    at++;
    if (at >= pickle.length) {
      return null;
    }
    int op = pickle[at++] & 0xff;
    int length;
    if (op == BINUNICODE || op == BINSTRING) {
      if (at + 4 > pickle.length) {
        return null;
      }
      length = (pickle[at] & 0xff) | (pickle[at + 1] & 0xff) << 8 | (pickle[at + 2] & 0xff) << 16
          | (pickle[at + 3] & 0xff) << 24;
      at += 4;
    } else if (op == SHORT_BINUNICODE || op == SHORT_BINSTRING) {
      if (at >= pickle.length) {
        return null;
      }
      length = pickle[at++] & 0xff;
    } else {
      return null;
    }
    if (length < 0 || length > pickle.length - at) {
      return null;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(pickle, at, length)).toString();
    } catch (CharacterCodingException e) {
      // not UTF-8 (a surrogate-escaped name): still one distinct name, kept apart from any UTF-8 one
      return "\u0000" + new String(pickle, at, length, StandardCharsets.ISO_8859_1);
    }
  }
}
