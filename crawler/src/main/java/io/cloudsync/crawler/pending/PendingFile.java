package io.cloudsync.crawler.pending;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * <p>Updates of one name collapse into one row when merged, so the count is of distinct names.
 * An update Swift will drop when merging (older than the DB's row of that name, e.g. replicated
 * twice) is counted until then. An entry that cannot be decoded still counts as one row: better
 * one row too many than a container shown as caught up. The file is read as a stream, one entry
 * at a time.
 */
public final class PendingFile {
  /** One entry's encoded size is bounded by Swift's name and content-type limits; more is garbage. */
  private static final int MAX_ENTRY_BYTES = 64 * 1024;

  private PendingFile() {}

  /** Distinct object names with an update waiting in {@code file}; 0 when it is absent or empty. */
  public static long unmergedRows(Path file) throws IOException {
    Set<String> names = new HashSet<>();
    long undecodable = 0;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream entry = new ByteArrayOutputStream();
      boolean oversized = false;
      int b;
      while (true) {
        b = in.read();
        if (b == ':' || b == -1) {
          if (entry.size() > 0 || oversized) {
            String name = oversized ? null : nameOf(entry.toByteArray());
            if (name == null) {
              undecodable++;
            } else {
              names.add(name);
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
      return 0;
    }
    return names.size() + undecodable;
  }

  /** The object name of one base64 entry, or null when it is not a record Swift writes. */
  static String nameOf(byte[] base64) {
    try {
      return PickledRecord.firstString(Base64.getMimeDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
