package io.cloudsync.naming;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the objects of one Swift container live in an S3 bucket, exactly as swift-s3-sync
 * (0.1.24.3) and 1space name them, so buckets written by either are read and written in place.
 *
 * <p>Default layout ({@code customPrefix == null}):
 *
 * <ul>
 *   <li>object: {@code <hash>/<account>/<container>/<object>}, where {@code <hash>} is
 *       {@code md5("<account>/<container>")} (UTF-8) read as a 128-bit number, mod 16^6, in
 *       lower-case hex <em>without zero padding</em> (1 to 6 characters: {@code 5dcc3});
 *   <li>SLO manifest: {@code <hash>/.manifests/<account>/<container>/<sha256hex(object)>.swift_slo_manifest}.
 * </ul>
 *
 * <p>1space {@code custom_prefix} layout: the prefix loses its leading and trailing slashes; the
 * object key is {@code <prefix>/<object>} (the bare object name when the prefix is empty) and the
 * manifest is {@code <prefix>/.manifests/<sha256hex(object)>.swift_slo_manifest}
 * ({@code .manifests/…} when the prefix is empty). As in 1space, the name hashed for the manifest
 * loses its leading slashes in this layout ({@code /a} and {@code a} share a manifest key).
 */
public final class S3KeyNaming {
  /** The suffix of SLO manifest copies. */
  public static final String MANIFEST_SUFFIX = ".swift_slo_manifest";

  private static final String MANIFESTS = ".manifests";
  private static final BigInteger PREFIX_SPACE = BigInteger.valueOf(16).pow(6);

  private final String account;
  private final String container;
  private final String customPrefix;
  private final String prefix;

  /**
   * @param account Swift account, e.g. {@code AUTH_test}
   * @param container Swift container name (no {@code /})
   * @param customPrefix 1space {@code custom_prefix}, or null for the default hashed layout
   */
  public S3KeyNaming(String account, String container, String customPrefix) {
    this.account = Objects.requireNonNull(account, "account");
    this.container = Objects.requireNonNull(container, "container");
    if (container.contains("/")) {
      throw new IllegalArgumentException("invalid container name '" + container + "': contains '/'");
    }
    if (DotSegments.in(account) || DotSegments.in(container)) {
      throw new IllegalArgumentException("invalid account or container name '" + account + "/" + container
          + "': '.' and '..' would escape the container's keys");
    }
    this.customPrefix = customPrefix == null ? null : stripSlashes(customPrefix);
    this.prefix = this.customPrefix == null ? hashPrefix(account, container) : this.customPrefix;
  }

  /** The upstream hash prefix of a container: {@code AUTH_test}, {@code archive-s3} → {@code 5dcc3}. */
  public static String hashPrefix(String account, String container) {
    byte[] digest = digest("MD5", account + "/" + container);
    return new BigInteger(1, digest).mod(PREFIX_SPACE).toString(16);
  }

  /** The hash prefix, or the (slash-stripped) custom prefix, possibly empty. */
  public String prefix() {
    return prefix;
  }

  public String account() {
    return account;
  }

  public String container() {
    return container;
  }

  /** The slash-stripped custom prefix, if this naming uses one. */
  public Optional<String> customPrefix() {
    return Optional.ofNullable(customPrefix);
  }

  /**
   * The key of {@code object}'s copy.
   *
   * @throws IllegalArgumentException when the name has a {@code .} or {@code ..} segment
   *     ({@link DotSegments}): a server that resolves them would map it outside this container
   */
  public String objectKey(String object) {
    Objects.requireNonNull(object, "object");
    if (DotSegments.in(object)) {
      throw new IllegalArgumentException("object name '" + object + "' has a '.' or '..' segment");
    }
    return listingPrefix() + object;
  }

  /** The key of {@code object}'s SLO manifest copy. */
  public String manifestKey(String object) {
    Objects.requireNonNull(object, "object");
    String hashed = customPrefix == null ? object : stripLeadingSlashes(object);
    String name = HexFormat.of().formatHex(digest("SHA-256", hashed)) + MANIFEST_SUFFIX;
    if (customPrefix == null) {
      return prefix + "/" + MANIFESTS + "/" + account + "/" + container + "/" + name;
    }
    return (prefix.isEmpty() ? "" : prefix + "/") + MANIFESTS + "/" + name;
  }

  /**
   * The key prefix shared by all of this container's objects (a listing {@code Prefix}; a client
   * prefix or marker is appended to it): {@code <hash>/<account>/<container>/}, {@code <prefix>/},
   * or empty for an empty custom prefix.
   */
  public String listingPrefix() {
    if (customPrefix == null) {
      return prefix + "/" + account + "/" + container + "/";
    }
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  /** The object name a listed key stands for, or empty when the key is outside this container. */
  public Optional<String> objectName(String key) {
    String listing = listingPrefix();
    if (!key.startsWith(listing) || key.length() == listing.length()) {
      return Optional.empty();
    }
    return Optional.of(key.substring(listing.length()));
  }

  @Override
  public String toString() {
    return "S3KeyNaming[" + account + "/" + container + " -> " + listingPrefix() + "]";
  }

  private static String stripSlashes(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && value.charAt(start) == '/') {
      start++;
    }
    while (end > start && value.charAt(end - 1) == '/') {
      end--;
    }
    return value.substring(start, end);
  }

  private static String stripLeadingSlashes(String value) {
    int start = 0;
    while (start < value.length() && value.charAt(start) == '/') {
      start++;
    }
    return value.substring(start);
  }

  private static byte[] digest(String algorithm, String text) {
    try {
      return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
