package io.cloudsync.shunt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request targets in origin form ({@code /path?query}), the only form the shunt classifies.
 * An absolute-form target ({@code scheme://authority/path?query}, RFC 9112 §3.2.2) is rewritten
 * to its origin form before the request is classified and forwarded, so Swift authorizes exactly
 * the path the shunt would serve from the archive: Swift's proxy cannot route an absolute-form
 * target and answers 404 without checking the token, which the shunt must never take for
 * "archived". Other targets ({@code *}, authority form) stay as they are and are never
 * intercepted.
 */
final class OriginForm {
  /** {@code scheme "://" authority}, then the path and query (RFC 3986 §3.1, §3.2). */
  private static final Pattern ABSOLUTE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*(.*)", Pattern.DOTALL);

  private OriginForm() {}

  /** The origin form of {@code target}: itself when it is one, or when it is not absolute-form. */
  static String of(String target) {
    if (target.startsWith("/")) {
      return target;
    }
    Matcher m = ABSOLUTE.matcher(target);
    if (!m.matches()) {
      return target;
    }
    String rest = m.group(1);
    return rest.startsWith("/") ? rest : "/" + rest;
  }

  /** True for {@code /…}, the only targets that may be intercepted. */
  static boolean is(String target) {
    return target.startsWith("/");
  }
}
