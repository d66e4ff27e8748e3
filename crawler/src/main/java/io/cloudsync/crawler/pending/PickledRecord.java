package io.cloudsync.crawler.pending;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of Python's pickle to read the object name and timestamp of a {@code .pending}
 * record: Swift pickles {@code (name, timestamp, size, content_type, etag, deleted, policy_index,
 * ctype_timestamp, meta_timestamp)} with protocol 2, so a record opens with PROTO, MARK and two
 * strings, each maybe followed by a memo opcode: unicode strings (Python 3) or byte strings
 * (Python 2, UTF-8 bytes). Nothing is evaluated; anything else is "not a record". The name serves
 * to tell records apart, so a name that is not valid UTF-8 comes back as its bytes (one char
 * each) behind a NUL, which no name holds.
 *
 * @param name the object name
 * @param timestamp Swift's internal timestamp text ({@code 1796687401.98429}, maybe with an offset)
 */
record PickledRecord(String name, String timestamp) {
  private static final int PROTO = 0x80;
  private static final int MARK = '(';
  private static final int BINUNICODE = 'X';
  private static final int SHORT_BINUNICODE = 0x8c;
  private static final int BINSTRING = 'T';
  private static final int SHORT_BINSTRING = 'U';
  private static final int BINPUT = 'q';
  private static final int LONG_BINPUT = 'r';
  private static final int MEMOIZE = 0x94;

  /** The record's name and timestamp, or null when {@code pickle} is not such a record. */
  static PickledRecord parse(byte[] pickle) {
    Reader r = new Reader(pickle);
    if (r.peek() == PROTO) {
      r.skip(2);
    }
    if (r.next() != MARK) {
      return null;
    }
    String name = r.string();
    String timestamp = name == null ? null : r.string();
    return timestamp == null ? null : new PickledRecord(name, timestamp);
  }

  /** A cursor over the bytes; -1 past the end. */
  private static final class Reader {
    private final byte[] b;
    private int at;

    Reader(byte[] b) {
      this.b = b;
    }

    int peek() {
      return at < b.length ? b[at] & 0xff : -1;
    }

    int next() {
      return at < b.length ? b[at++] & 0xff : -1;
    }

    void skip(int n) {
      at += n;
    }

    /** A string opcode and its text, then any memo opcode after it; null when there is none. */
    String string() {
      int op = next();
      long length;
      if (op == BINUNICODE || op == BINSTRING) {
        if (at + 4 > b.length) {
          return null;
        }
        length = (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
        at += 4;
      } else if (op == SHORT_BINUNICODE || op == SHORT_BINSTRING) {
        length = next();
      } else {
        return null;
      }
      if (length < 0 || length > b.length - at) {
        return null;
      }
      String text = text(at, (int) length);
      at += (int) length;
      switch (peek()) {
        case BINPUT -> skip(2);
        case LONG_BINPUT -> skip(5);
        case MEMOIZE -> skip(1);
        default -> { }
      }
      return text;
    }

    private String text(int from, int length) {
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b, from, length)).toString();
      } catch (CharacterCodingException e) {
        return "\u0000" + new String(b, from, length, StandardCharsets.ISO_8859_1);
      }
    }
  }
}
