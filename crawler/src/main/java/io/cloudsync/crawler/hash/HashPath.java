package io.cloudsync.crawler.hash;

import io.cloudsync.crawler.swiftconf.SwiftConfFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import org.ini4j.Ini;
import org.ini4j.Profile;

/**
 * Swift's {@code hash_path(account, container, object)}: {@code md5(PREFIX + "/" + account [+ "/"
 * + container [+ "/" + object]] + SUFFIX)} over the UTF-8 names, with the prefix and suffix from
 * the {@code [swift-hash]} section of {@code swift.conf}. Immutable and thread-safe.
 */
public final class HashPath {
  static final String SECTION = "swift-hash";
  static final String PREFIX_KEY = "swift_hash_path_prefix";
  static final String SUFFIX_KEY = "swift_hash_path_suffix";

  private final byte[] prefix;
  private final byte[] suffix;

  private HashPath(byte[] prefix, byte[] suffix) {
    this.prefix = prefix.clone();
    this.suffix = suffix.clone();
  }

  /**
   * A hash path with this prefix and suffix, given as the text written in {@code swift.conf}
   * (UTF-8). At least one must be non-empty, as Swift requires.
   */
  public static HashPath of(String prefix, String suffix) {
    byte[] p = Objects.requireNonNull(prefix, "prefix").getBytes(StandardCharsets.UTF_8);
    byte[] s = Objects.requireNonNull(suffix, "suffix").getBytes(StandardCharsets.UTF_8);
    if (p.length == 0 && s.length == 0) {
      throw new IllegalArgumentException("a hash path prefix or suffix is required");
    }
    return new HashPath(p, s);
  }

  /**
   * Reads {@code swift_hash_path_prefix} and {@code swift_hash_path_suffix} from the {@code
   * [swift-hash]} section like Swift does: the file is read as Latin-1 so any bytes pass through
   * unchanged, option names are case-insensitive, {@code [DEFAULT]} values apply, {@code %%} means
   * {@code %}, and there are no inline comments.
   *
   * @throws IOException naming the file when it cannot be read or sets neither value
   */
  public static HashPath load(Path swiftConf) throws IOException {
    Ini ini = SwiftConfFile.read(swiftConf, "the hash path prefix and suffix");
    Profile.Section section = ini.get(SECTION);
    if (section == null) {
      throw new IOException(swiftConf + ": no [" + SECTION + "] section; Swift needs "
          + PREFIX_KEY + " or " + SUFFIX_KEY + " there");
    }
    Profile.Section defaults = ini.get("DEFAULT");
    String prefix = value(swiftConf, section, defaults, PREFIX_KEY);
    String suffix = value(swiftConf, section, defaults, SUFFIX_KEY);
    if (prefix.isEmpty() && suffix.isEmpty()) {
      throw new IOException(swiftConf + ": [" + SECTION + "] sets neither " + PREFIX_KEY + " nor "
          + SUFFIX_KEY + " (at least one is required)");
    }
    return new HashPath(prefix.getBytes(StandardCharsets.ISO_8859_1),
        suffix.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String value(Path file, Profile.Section section, Profile.Section defaults, String key)
      throws IOException {
    String raw = section.get(key);
    if (raw == null && defaults != null) {
      raw = defaults.get(key);
    }
    if (raw == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 1 < raw.length() && raw.charAt(i + 1) == '%') {
          i++;
        } else {
          throw new IOException(file + ": [" + SECTION + "] " + key + " contains a lone '%'; "
              + "Python's ConfigParser (and so Swift) rejects it, write '%%'");
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /** The raw MD5 of {@code /account/container} ({@code hash_path(..., raw_digest=True)}). */
  public byte[] digest(String account, String container) {
    return digest(account, container, null);
  }

  /**
   * The raw MD5 of {@code /account[/container[/object]]}; an empty or null container or object is
   * left out, as in Swift.
   */
  public byte[] digest(String account, String container, String object) {
    Objects.requireNonNull(account, "account");
    boolean hasContainer = container != null && !container.isEmpty();
    boolean hasObject = object != null && !object.isEmpty();
    if (hasObject && !hasContainer) {
      throw new IllegalArgumentException("container is required if object is provided");
    }
    MessageDigest md5 = md5();
    md5.update(prefix);
    md5.update((byte) '/');
    md5.update(account.getBytes(StandardCharsets.UTF_8));
    if (hasContainer) {
      md5.update((byte) '/');
      md5.update(container.getBytes(StandardCharsets.UTF_8));
    }
    if (hasObject) {
      md5.update((byte) '/');
      md5.update(object.getBytes(StandardCharsets.UTF_8));
    }
    md5.update(suffix);
    return md5.digest();
  }

  /** Lower-case hex of {@link #digest(String, String)}: the container DB's directory name. */
  public String hex(String account, String container) {
    return hex(digest(account, container));
  }

  /** Lower-case hex of {@link #digest(String, String, String)}. */
  public String hex(String account, String container, String object) {
    return hex(digest(account, container, object));
  }

  /** Lower-case hex of a digest. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }

  @Override
  public String toString() {
    return "HashPath[prefix " + prefix.length + " bytes, suffix " + suffix.length + " bytes]";
  }
}
