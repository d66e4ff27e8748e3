package io.cloudsync.logging;

/**
 * Text from users (object and container names, request targets) as it may appear in a log line:
 * control characters, which could forge log lines ({@code \n}) or drive a terminal (ESC), and the
 * backslash that introduces the escapes are written as escapes; everything else stays as it is.
 */
public final class LogSafe {
  private LogSafe() {}

  /** {@code text} with {@code \n}, {@code \r}, {@code \t}, other control characters, U+2028/U+2029 and {@code \} escaped. */
  public static String text(String text) {
    if (text == null) {
      return "null";
    }
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (unsafe(c)) {
            out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || unsafe(c)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean unsafe(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
