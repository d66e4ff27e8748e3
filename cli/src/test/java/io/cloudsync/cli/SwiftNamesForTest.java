package io.cloudsync.cli;

import java.nio.charset.StandardCharsets;

/** java.net.http sends header values as ISO-8859-1; Swift stores UTF-8 bytes: encode the value that way. */
final class SwiftNamesForTest {
  private SwiftNamesForTest() {}

  static String utf8Header(String value) {
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}
