package io.cloudsync.naming;

import io.cloudsync.swift.SwiftPath;

/**
 * Names with a {@code .} or {@code ..} segment. Swift stores them literally ({@code a/../b} is an
 * object name like any other), but S3 servers and HTTP stacks that resolve dot segments (S3Proxy,
 * many gateways and SDK path builders) would turn {@code <prefix>/AUTH_b/c/../../../x/AUTH_a/c/o}
 * into another container's or account's key. Such names are therefore never turned into remote
 * keys: the daemon counts them as unsyncable and the shunt never serves them from a remote store.
 * Empty segments ({@code a//b}, a leading {@code /}) are not dot segments and keep their keys.
 */
public final class DotSegments {
  private DotSegments() {}

  /** True when one of the {@code /}-separated segments of {@code name} is {@code .} or {@code ..}. */
  public static boolean in(String name) {
    int start = 0;
    int length = name.length();
    while (start <= length) {
      int end = name.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      int segment = end - start;
      if ((segment == 1 || segment == 2) && name.charAt(start) == '.'
          && (segment == 1 || name.charAt(start + 1) == '.')) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  /** True when the account, the container or the object name is or holds a dot segment. */
  public static boolean in(SwiftPath path) {
    return in(path.account()) || in(path.container()) || in(path.object());
  }

  /** Why such a name is refused, for log lines and status entries (which name the object already). */
  public static final String REASON = "the name has a '.' or '..' path segment, which a remote store that"
      + " resolves dot segments would map outside its container's keys";
}
