package io.cloudsync.swift;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The object headers Swift stores besides {@code Content-Type}, {@code X-Object-Meta-*} and the
 * large-object markers, which a copy of the object carries too: the object server's default
 * {@code allowed_headers} ({@code Content-Disposition}, {@code Content-Encoding},
 * {@code X-Delete-At}, {@code Cache-Control}, {@code Content-Language}, {@code Expires},
 * {@code X-Robots-Tag}), and a symlink's {@code X-Symlink-Target*} headers as Swift's symlink
 * middleware shows them under {@code ?symlink=get}. Swift's container-sync copies exactly these
 * (it sends every header of its GET; the remote keeps these). {@code X-Delete-After} is never
 * stored: Swift turns it into {@code X-Delete-At} on the write, so it travels as that time.
 * Names are lower-case.
 */
public final class ObjectHeaders {
  public static final String CONTENT_DISPOSITION = "content-disposition";
  public static final String CONTENT_ENCODING = "content-encoding";
  public static final String X_DELETE_AT = "x-delete-at";
  public static final String CACHE_CONTROL = "cache-control";
  public static final String CONTENT_LANGUAGE = "content-language";
  public static final String EXPIRES = "expires";
  public static final String X_ROBOTS_TAG = "x-robots-tag";
  public static final String SYMLINK_TARGET = "x-symlink-target";
  public static final String SYMLINK_TARGET_ACCOUNT = "x-symlink-target-account";
  public static final String SYMLINK_TARGET_ETAG = "x-symlink-target-etag";
  public static final String SYMLINK_TARGET_BYTES = "x-symlink-target-bytes";

  /** The object server's default {@code allowed_headers} less the large-object markers. */
  public static final Set<String> STORED = Set.of(CONTENT_DISPOSITION, CONTENT_ENCODING, X_DELETE_AT, CACHE_CONTROL,
      CONTENT_LANGUAGE, EXPIRES, X_ROBOTS_TAG);
  /** A symlink's headers under {@code ?symlink=get}. */
  public static final Set<String> SYMLINK = Set.of(SYMLINK_TARGET, SYMLINK_TARGET_ACCOUNT, SYMLINK_TARGET_ETAG,
      SYMLINK_TARGET_BYTES);

  private ObjectHeaders() {
  }

  /** True when {@code name} (any case) is one of {@link #STORED} or {@link #SYMLINK}. */
  public static boolean carried(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return STORED.contains(lower) || SYMLINK.contains(lower);
  }

  /** The {@link #carried} entries of {@code headers}, names lower-cased. */
  public static SortedMap<String, String> of(Map<String, String> headers) {
    SortedMap<String, String> out = new TreeMap<>();
    headers.forEach((k, v) -> {
      if (carried(k) && v != null) {
        out.put(k.toLowerCase(Locale.ROOT), v);
      }
    });
    return Collections.unmodifiableSortedMap(out);
  }

  /** The headers without the symlink ones: what a metadata comparison of plain objects looks at. */
  public static SortedMap<String, String> stored(Map<String, String> headers) {
    SortedMap<String, String> out = new TreeMap<>();
    headers.forEach((k, v) -> {
      if (STORED.contains(k.toLowerCase(Locale.ROOT))) {
        out.put(k.toLowerCase(Locale.ROOT), v);
      }
    });
    return out;
  }

  /** The header name as sent: {@code content-disposition} becomes {@code Content-Disposition}. */
  public static String wireName(String lower) {
    StringBuilder out = new StringBuilder(lower.length());
    boolean upper = true;
    for (char c : lower.toCharArray()) {
      out.append(upper ? Character.toUpperCase(c) : c);
      upper = c == '-';
    }
    return out.toString();
  }
}
