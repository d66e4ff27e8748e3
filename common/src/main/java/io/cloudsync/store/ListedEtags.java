package io.cloudsync.store;

import io.cloudsync.metadata.MetadataComparison;
import java.time.Instant;

/**
 * What one listing of a container's remote copies says about each object name: absent, present
 * with another ETag, or present with the same ETag. The sync reads it once per pass when many rows
 * are to be handled, so that a row whose remote copy is missing or holds other data is uploaded
 * without a HEAD first; only a copy with the same ETag still needs its HEAD (metadata may differ).
 *
 * <p>Compact on purpose (16 bytes per slot, at most half the slots used): names and ETags are kept
 * as 64-bit hashes in an open-addressing table, never as strings. A hash can only err on the safe
 * side: a name whose hash is missing was not listed ({@link Lookup#ABSENT} is exact); ETags whose
 * hashes differ are different ({@link Lookup#OTHER_ETAG} is exact); equal hashes, and names whose
 * hashes collide with another listed name, answer {@link Lookup#SAME_ETAG}, which costs the HEAD
 * the row would have cost without a listing. Not thread-safe while being built; immutable and
 * shareable between threads once {@link Builder#build() built}.
 *
 * <p>Each copy's last-modified time is kept too when the store reports it (whole seconds, 4 bytes
 * a slot): a verifier tells from it whether a row's owner is still uploading.
 */
public final class ListedEtags {
  /** No listing was read: every name answers {@link Lookup#UNLISTED}. */
  public static final ListedEtags UNLISTED = new ListedEtags(null, null, null, 0);
  /** A listing that found nothing: every name answers {@link Lookup#ABSENT}. */
  public static final ListedEtags NOTHING = new Builder().build();

  /** Marks a name listed twice under one hash: the answer is then {@link Lookup#SAME_ETAG}. */
  private static final long AMBIGUOUS = Long.MIN_VALUE;
  private static final long EMPTY = 0L;

  private final long[] names;
  private final long[] etags;
  /** Seconds since the epoch (unsigned), 0 when unknown. */
  private final int[] modified;
  private final int size;

  private ListedEtags(long[] names, long[] etags, int[] modified, int size) {
    this.names = names;
    this.etags = etags;
    this.modified = modified;
    this.size = size;
  }

  /** What the listing says about one name, given the ETag the local object has. */
  public enum Lookup {
    /** No listing was read; the remote must be asked. */
    UNLISTED,
    /** The listing holds no copy of the name. */
    ABSENT,
    /** The listing holds a copy whose ETag is not {@code etag}: its data differs. */
    OTHER_ETAG,
    /** The listing holds a copy with this ETag (or cannot tell): only a HEAD can compare metadata. */
    SAME_ETAG;

    /** True when the answer alone shows the object must be uploaded, so no HEAD is needed. */
    public boolean needsUpload() {
      return this == ABSENT || this == OTHER_ETAG;
    }
  }

  /** {@code name}'s remote copy compared with a local ETag (quotes are ignored). */
  public Lookup lookup(String name, String etag) {
    if (names == null) {
      return Lookup.UNLISTED;
    }
    int slot = find(names, hashName(name));
    if (names[slot] == EMPTY) {
      return Lookup.ABSENT;
    }
    long listed = etags[slot];
    return listed == AMBIGUOUS || listed == hashEtag(etag) ? Lookup.SAME_ETAG : Lookup.OTHER_ETAG;
  }

  /**
   * When {@code name}'s listed copy was last modified, or null when it was not listed, the store
   * did not say, or its name shares a hash with another listed name.
   */
  public Instant modified(String name) {
    if (names == null) {
      return null;
    }
    int slot = find(names, hashName(name));
    if (names[slot] == EMPTY || etags[slot] == AMBIGUOUS || modified[slot] == 0) {
      return null;
    }
    return Instant.ofEpochSecond(Integer.toUnsignedLong(modified[slot]));
  }

  /** The number of names listed. */
  public int size() {
    return size;
  }

  @Override
  public String toString() {
    return names == null ? "ListedEtags[unlisted]" : "ListedEtags[" + size + " names]";
  }

  /** Collects the names and ETags of one listing. */
  public static final class Builder {
    private long[] names = new long[16];
    private long[] etags = new long[16];
    private int[] modified = new int[16];
    private int size;

    /** Adds one listed copy; a name added twice (a hash collision) answers {@link Lookup#SAME_ETAG}. */
    public Builder add(String name, String etag) {
      return add(name, etag, null);
    }

    /**
     * Adds one listed copy and when it was last modified (null: unknown); a name added twice (a
     * hash collision) answers {@link Lookup#SAME_ETAG}.
     */
    public Builder add(String name, String etag, Instant lastModified) {
      if ((size + 1) * 2L > names.length) {
        grow();
      }
      long name64 = hashName(name);
      int slot = find(names, name64);
      if (names[slot] == EMPTY) {
        names[slot] = name64;
        etags[slot] = hashEtag(etag);
        modified[slot] = lastModified == null ? 0 : (int) Math.max(1, Math.min(0xFFFFFFFFL, lastModified.getEpochSecond()));
        size++;
      } else {
        etags[slot] = AMBIGUOUS;
      }
      return this;
    }

    /** The names added so far. */
    public int size() {
      return size;
    }

    public ListedEtags build() {
      return new ListedEtags(names, etags, modified, size);
    }

    private void grow() {
      long[] oldNames = names;
      long[] oldEtags = etags;
      int[] oldModified = modified;
      names = new long[oldNames.length * 2];
      etags = new long[oldNames.length * 2];
      modified = new int[oldNames.length * 2];
      for (int i = 0; i < oldNames.length; i++) {
        if (oldNames[i] != EMPTY) {
          int slot = find(names, oldNames[i]);
          names[slot] = oldNames[i];
          etags[slot] = oldEtags[i];
          modified[slot] = oldModified[i];
        }
      }
    }
  }

  /** The slot holding {@code name64}, or the empty slot where it would go (linear probing). */
  private static int find(long[] table, long name64) {
    int mask = table.length - 1;
    int slot = (int) (name64 ^ (name64 >>> 32)) & mask;
    while (table[slot] != EMPTY && table[slot] != name64) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static long hashName(String name) {
    long hash = fnv1a64(name);
    return hash == EMPTY ? 1 : hash;
  }

  private static long hashEtag(String etag) {
    long hash = fnv1a64(etag == null ? "" : MetadataComparison.normalizeEtag(etag));
    return hash == AMBIGUOUS ? AMBIGUOUS + 1 : hash;
  }

  /** FNV-1a over the UTF-16 code units, then a 64-bit finalizer (MurmurHash3's fmix64) to spread the bits. */
  private static long fnv1a64(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb93fe63c94d3L;
    hash ^= hash >>> 33;
    return hash;
  }
}
