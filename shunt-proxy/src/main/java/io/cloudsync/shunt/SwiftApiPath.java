package io.cloudsync.shunt;

import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Swift API path of a request, {@code /<version>/<account>[/<container>[/<object>]]}, split
 * and percent-decoded the way Swift's proxy does it ({@code split_path(path, 1, 4, True)} over the
 * unquoted UTF-8 path): the object name is everything after the container's slash and may itself
 * contain slashes (also leading or doubled ones).
 *
 * @param version {@code v1} or {@code v1.0}
 * @param account never empty
 * @param container null for an account request
 * @param object null for an account or container request
 */
public record SwiftApiPath(String version, String account, String container, String object) {

  /** True for {@code /v1/a/c/o}. */
  public boolean isObject() {
    return object != null;
  }

  /** True for {@code /v1/a/c} (also {@code /v1/a/c/}). */
  public boolean isContainer() {
    return container != null && object == null;
  }

  /** The object as a {@link SwiftPath}; only for object paths. */
  public SwiftPath toSwiftPath() {
    if (object == null) {
      throw new IllegalStateException("not an object path: " + this);
    }
    return new SwiftPath(account, container, object);
  }

  /**
   * Parses an origin-form request target ({@code /v1/...}; the query is ignored) exactly as it is
   * forwarded to Swift. Bytes above 0x7f may appear raw or percent-encoded; both are read as UTF-8.
   * Returns empty for any other form (absolute form is normalized by {@link OriginForm} before a
   * request is parsed and forwarded, so the two never differ) and for anything Swift would not
   * route to an account, container or object: another API version, an invalid escape-free UTF-8
   * sequence, a NUL character, or an empty container segment before an object.
   *
   * @param uri the request target, one char per byte (as Netty decodes the request line)
   */
  public static Optional<SwiftApiPath> parse(String uri) {
    if (!OriginForm.is(uri)) {
      return Optional.empty();
    }
    String path = uri;
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    String decoded = percentDecode(path);
    if (decoded == null || decoded.indexOf('\0') >= 0 || !decoded.startsWith("/")) {
      return Optional.empty();
    }
    String[] parts = decoded.split("/", 5);
    if (parts.length < 3 || !(parts[1].equals("v1") || parts[1].equals("v1.0")) || parts[2].isEmpty()) {
      return Optional.empty();
    }
    String container = parts.length > 3 && !parts[3].isEmpty() ? parts[3] : null;
    String object = parts.length > 4 && !parts[4].isEmpty() ? parts[4] : null;
    if (object != null && container == null) {
      return Optional.empty();
    }
    return Optional.of(new SwiftApiPath(parts[1], parts[2], container, object));
  }

  /**
   * Decodes {@code %XX} escapes (invalid escapes stay as they are, like Python's {@code unquote};
   * {@code +} is not a space in a path) and reads the bytes as strict UTF-8; null when they are
   * not valid UTF-8.
   */
  static String percentDecode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          bytes.write(hi << 4 | lo);
          i += 2;
          continue;
        }
      }
      if (c > 0xff) {
        // Not from the wire (a caller's Java string): take it as text.
        int cp = raw.codePointAt(i);
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += Character.charCount(cp) - 1;
      } else {
        bytes.write(c);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
