package io.cloudsync.crawler.locate;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Address comparison as Swift's {@code whataremyips} and {@code is_local_device} do it: addresses
 * are compared as bytes (so {@code ::1} equals {@code 0:0:0:0:0:0:0:1}, IPv6 scope ids are
 * ignored), ring hostnames are resolved.
 */
final class LocalAddresses {
  private static final Logger LOG = LoggerFactory.getLogger(LocalAddresses.class);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private LocalAddresses() {
  }

  /** Byte keys of every address of every interface of this machine. */
  static Set<String> interfaceAddresses() {
    Set<String> keys = new HashSet<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          keys.add(key(address));
        }
      }
    } catch (SocketException e) {
      LOG.warn("cannot list this machine's network interfaces ({}); no ring device will be local",
          e.getMessage());
    }
    return Set.copyOf(keys);
  }

  /** Whether a bind address means "every interface" ({@code 0.0.0.0}, {@code ::}). */
  static boolean isWildcard(String ip) {
    if (ip == null || ip.isBlank()) {
      return true;
    }
    String bare = bare(ip);
    return bare.equals("0.0.0.0") || (bare.contains(":") && bare.replace(":", "").replace("0", "").isEmpty());
  }

  /**
   * Byte keys of an address as written in a ring or a config: a literal is parsed without DNS, a
   * hostname is resolved (empty when it does not resolve).
   */
  static List<String> resolve(String ipOrHost) {
    String bare = bare(ipOrHost);
    try {
      if (isLiteral(bare)) {
        return List.of(key(InetAddress.getByName(bare)));
      }
      return Arrays.stream(InetAddress.getAllByName(bare)).map(LocalAddresses::key).toList();
    } catch (UnknownHostException e) {
      LOG.warn("ring device address '{}' does not resolve: {}", ipOrHost, e.getMessage());
      return List.of();
    }
  }

  private static boolean isLiteral(String bare) {
    return IPV4.matcher(bare).matches() || bare.contains(":");
  }

  /** Drops IPv6 brackets and scope ids. */
  private static String bare(String ip) {
    String s = ip.strip();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    int scope = s.indexOf('%');
    return scope >= 0 ? s.substring(0, scope) : s;
  }

  private static String key(InetAddress address) {
    return HexFormat.of().formatHex(address.getAddress());
  }
}
