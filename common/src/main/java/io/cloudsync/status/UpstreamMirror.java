package io.cloudsync.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * swift-s3-sync's own fields in each DB object of a status file, kept so an operator can go back
 * to swift-s3-sync 0.1.24 (or run it on some nodes) without a crash or a lost row.
 *
 * <p>Upstream reads {@code status[db_id]["aws_bucket"]} (a {@code KeyError} without it), restarts
 * from row 0 when that bucket or {@code policy} differs from its mapping, and otherwise resumes
 * after {@code last_row}. So the mirror is conservative: of the DB's target entries it takes the
 * one that is least far, and within it the lowest row before which everything is done (own rows,
 * verified rows, and no retry or deferred row pending). Several targets of one container become
 * the least advanced of them: upstream may re-check rows (a HEAD each), it never skips one.
 */
final class UpstreamMirror {
  static final Set<String> FIELDS = Set.of("last_row", "aws_bucket", "policy");

  private UpstreamMirror() {}

  /** Whether {@code name} in a DB object is one of cloudsync's per-target entries. */
  static boolean isTarget(String name, JsonNode value) {
    return value.isObject() && !FIELDS.contains(name);
  }

  /** Whether a DB object holds at least one cloudsync target entry (then its upstream fields are a mirror). */
  static boolean hasTargets(JsonNode db) {
    Iterator<Map.Entry<String, JsonNode>> it = db.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (isTarget(e.getKey(), e.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** Recomputes the upstream fields of {@code db} from its target entries. */
  static void refresh(ObjectNode db) {
    FIELDS.forEach(db::remove);
    CursorEntry least = null;
    long leastRow = Long.MAX_VALUE;
    for (Iterator<Map.Entry<String, JsonNode>> it = db.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (isTarget(e.getKey(), e.getValue())) {
        CursorEntry entry = StatusFileCodec.decode(e.getValue());
        long row = doneThrough(entry);
        if (least == null || row < leastRow) {
          least = entry;
          leastRow = row;
        }
      }
    }
    if (least == null) {
      return;
    }
    db.put("last_row", leastRow);
    db.put("aws_bucket", least.awsBucket());
    StatusFileCodec.putPolicy(db, least.policy());
  }

  /** The highest row before which every row (own and other nodes') is done for this entry. */
  static long doneThrough(CursorEntry e) {
    long row = Math.min(e.lastRow(), e.lastVerifiedRow());
    for (RetryRow r : e.retries()) {
      row = Math.min(row, r.row() - 1);
    }
    for (DeferredRow d : e.deferred()) {
      row = Math.min(row, d.row() - 1);
    }
    return Math.max(row, 0);
  }
}
