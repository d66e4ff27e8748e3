package io.cloudsync.crawler.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Swift's {@code extract_swift_bytes}: removes the {@code swift_bytes} content-type parameter. */
final class ContentTypes {
  private static final String TOKEN = "[^()<>@,;:\"/\\[\\]?={}\\x00-\\x20\\x7f]+";
  private static final Pattern PARAM = Pattern.compile(
      "(?:\\s*;\\s*(" + TOKEN + ")\\s*(?:=\\s*(" + TOKEN + "|\"(?:[^\"\\\\]|\\\\.)*\"))?)");

  /** A content type split into the value to keep and the {@code swift_bytes} text, if any. */
  record Split(String contentType, String swiftBytes) {
  }

  private ContentTypes() {
  }

  /**
   * Splits off {@code swift_bytes}. Without that parameter the content type is returned as is;
   * with it, it is rebuilt the way Swift does ({@code type;k=v;k2=v2}, no spaces).
   */
  static Split split(String raw) {
    int semicolon = raw.indexOf(';');
    if (semicolon < 0 || !raw.contains("swift_bytes")) {
      return new Split(raw, null);
    }
    StringBuilder rebuilt = new StringBuilder(raw.substring(0, semicolon));
    String swiftBytes = null;
    Matcher m = PARAM.matcher(raw.substring(semicolon));
    while (m.find()) {
      String key = m.group(1).strip();
      String value = m.group(2) == null ? "" : m.group(2).strip();
      if (key.equals("swift_bytes")) {
        swiftBytes = value;
      } else {
        rebuilt.append(';').append(key).append('=').append(value);
      }
    }
    return swiftBytes == null ? new Split(raw, null) : new Split(rebuilt.toString(), swiftBytes);
  }
}
