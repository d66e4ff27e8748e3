package io.cloudsync.swift;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of Swift names for request paths (UTF-8, {@code /} kept in object names). */
public final class SwiftNames {
  private static final String UNRESERVED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  private SwiftNames() {}

  /** Encodes every byte except RFC 3986 unreserved characters and the characters in {@code safe}. */
  public static String quote(String text, String safe) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c < 0x80 && (UNRESERVED.indexOf(c) >= 0 || safe.indexOf(c) >= 0)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** {@code /v1/<account>/<container>/<object>} with each part encoded. */
  public static String objectPath(SwiftPath path) {
    return containerPath(path.account(), path.container()) + "/" + quote(path.object(), "/");
  }

  public static String containerPath(String account, String container) {
    return accountPath(account) + "/" + quote(container, "");
  }

  public static String accountPath(String account) {
    return "/v1/" + quote(account, "");
  }

  /** Swift sends header values as raw UTF-8 bytes; HTTP libraries hand them over as ISO-8859-1 chars. */
  public static String headerToUnicode(String raw) {
    if (raw == null) {
      return null;
    }
    byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The reverse of {@link #headerToUnicode}: a Unicode value as the UTF-8 bytes Swift expects on the wire. */
  public static String unicodeToHeader(String value) {
    return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}
