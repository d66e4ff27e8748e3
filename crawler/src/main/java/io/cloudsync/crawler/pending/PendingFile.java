package io.cloudsync.crawler.pending;

import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.db.ContainerDbException;
import io.cloudsync.swift.SwiftTimestamp;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads a container DB's {@code .pending} file without merging it: Swift's container server
 * appends each object update there as {@code ':' + base64(pickle(record))} and moves them into
 * SQLite only on a later broker read. Until then the rows have no ROWID, so they are all beyond
 * any cursor; a reader that counts only the DB's rows would show nothing behind while updates wait
 * here (an idle container, a daemon that cannot merge during an outage).
 *
 * <p>Updates of one name collapse into one row when merged, so the count is of distinct names, and
 * a name whose row after the cursor is already in the DB adds none ({@link Unmerged#rowsBeyond}).
 * An update Swift will drop when merging (older than the DB's row of that name, e.g. replicated
 * twice) is counted until then. An entry that cannot be decoded still counts as one row: better
 * one row too many than a container shown as caught up. The file is read as a stream, one entry
 * at a time.
 */
public final class PendingFile {
  /**
   * What waits in a {@code .pending} file.
   *
   * @param names the distinct object names with an update there
   * @param undecodable entries that are no record Swift writes (each counted as a row)
   * @param oldest the oldest decodable update's time, or null when there is none
   */
  public record Unmerged(Set<String> names, long undecodable, Instant oldest) {
    public static final Unmerged NONE = new Unmerged(Set.of(), 0, null);

    public Unmerged {
      names = Set.copyOf(names);
    }

    /** Rows the merge will add: one per name (and per undecodable entry). */
    public long rows() {
      return names.size() + undecodable;
    }

    /**
     * Rows the merge will add beyond a cursor at {@code cursor}: a name that already has a row
     * after the cursor gets that row replaced (Swift deletes the older row), so it adds none.
     */
    public long rowsBeyond(ContainerDb db, long cursor) throws ContainerDbException {
      long rows = undecodable;
      for (String name : names) {
        if (!db.hasRowAfter(name, cursor)) {
          rows++;
        }
      }
      return rows;
    }
  }

  /** One entry's encoded size is bounded by Swift's name and content-type limits; more is garbage. */
  private static final int MAX_ENTRY_BYTES = 64 * 1024;

  private PendingFile() {}

  /** Distinct object names with an update waiting in {@code file}; 0 when it is absent or empty. */
  public static long unmergedRows(Path file) throws IOException {
    return read(file).rows();
  }

  /** What waits in {@code file}; {@link Unmerged#NONE} when it is absent or empty. */
  public static Unmerged read(Path file) throws IOException {
    Set<String> names = new HashSet<>();
    long undecodable = 0;
    Instant oldest = null;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream entry = new ByteArrayOutputStream();
      boolean oversized = false;
      int b;
      while (true) {
        b = in.read();
        if (b == ':' || b == -1) {
          if (entry.size() > 0 || oversized) {
            PickledRecord record = oversized ? null : decode(entry.toByteArray());
            Instant time = record == null ? null : time(record.timestamp());
            if (record == null) {
              undecodable++;
            } else {
              names.add(record.name());
            }
            if (time != null && (oldest == null || time.isBefore(oldest))) {
              oldest = time;
            }
          }
          entry.reset();
          oversized = false;
          if (b == -1) {
            break;
          }
        } else if (entry.size() < MAX_ENTRY_BYTES) {
          entry.write(b);
        } else {
          oversized = true;
        }
      }
    } catch (NoSuchFileException e) {
      return Unmerged.NONE;
    }
    return names.isEmpty() && undecodable == 0 ? Unmerged.NONE : new Unmerged(names, undecodable, oldest);
  }

  /** The object name of one base64 entry, or null when it is not a record Swift writes. */
  static String nameOf(byte[] base64) {
    PickledRecord record = decode(base64);
    return record == null ? null : record.name();
  }

  private static PickledRecord decode(byte[] base64) {
    try {
      return PickledRecord.parse(Base64.getMimeDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Instant time(String timestamp) {
    try {
      return SwiftTimestamp.parse(timestamp).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
