package io.cloudsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.crawler.shard.ShardNames;
import io.cloudsync.status.CursorEntry;
import io.cloudsync.status.StatusKey;
import io.cloudsync.status.StatusStore;
import io.cloudsync.sync.hold.DeleteHold;
import io.cloudsync.sync.hold.HoldStore;
import io.cloudsync.sync.state.DaemonState;
import io.cloudsync.sync.state.DaemonStateFile;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Progress of every container and target with SPEC §3's {@code status --json} field names: the
 * cursors from the status files, rows behind and lag from the live DB when it is on this node, the
 * delete holds, and what the daemon last reported (blocked reason and since, bytes copied, next
 * pass). A blocked mapping without any saved progress still gets a row ({@code db_id} null).
 */
final class StatusReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusReport() {}

  /** Everything the report is made of. */
  record Sources(List<Map.Entry<StatusKey, CursorEntry>> entries, Map<StatusKey, DeleteHold> holds,
      DaemonState daemon, LiveProgress live) {}

  static Sources read(StatusStore store, Map<StatusKey, DeleteHold> holds, LiveProgress live) throws IOException {
    return new Sources(store.all(), holds, DaemonStateFile.read(store.dir()), live);
  }

  static ArrayNode rows(Sources in, Instant now) {
    ArrayNode out = JSON.createArrayNode();
    Set<DaemonState.MappingState> shown = new HashSet<>();
    for (Map.Entry<StatusKey, CursorEntry> e : in.entries()) {
      StatusKey k = e.getKey();
      CursorEntry c = e.getValue();
      LiveProgress.Live live = in.live() == null ? null : in.live().of(k, c.lastRow(), c.lastVerifiedRow());
      long maxRow = live == null ? c.maxRow() : Math.max(live.maxRow(), c.lastRow());
      Instant oldest = live == null ? c.oldestPending() : earliest(live.oldestPending(), firstRetry(c));
      ObjectNode row = out.addObject();
      row.put("account", k.account());
      row.put("container", k.container());
      String root = rootOf(k);
      if (root != null) {
        row.put("root", root); // a shard DB of a sharded container: synced under its root's mapping
      }
      row.put("target", c.awsBucket() + " (" + k.targetId() + ")");
      row.put("target_id", k.targetId());
      row.put("db_id", k.dbId());
      row.put("last_row", c.lastRow());
      row.put("last_verified_row", c.lastVerifiedRow());
      row.put("max_row", maxRow);
      long unmerged = live == null ? 0 : live.unmerged() + live.toVerify();
      row.put("rows_behind", Math.max(0, maxRow - c.lastRow()) + unmerged + c.retries().size() + c.deferred().size());
      row.put("lag_seconds", oldest == null ? 0 : Math.max(0, now.getEpochSecond() - oldest.getEpochSecond()));
      row.put("last_pass_end", text(c.lastPassEnd()));
      row.put("errors", c.errors());
      row.put("unsyncable", c.unsyncable());
      row.put("retry_rows", c.retries().size());
      row.put("deferred_rows", c.deferred().size());
      DaemonState.MappingState mapping = in.daemon() == null ? null
          : in.daemon().mappingOf(k.account(), k.container(), k.targetId());
      if (mapping != null) {
        shown.add(mapping);
      }
      daemonFields(row, in.daemon(), mapping, in.daemon() == null ? null
          : in.daemon().bytesCopied().get(DaemonState.entryKey(k.account(), k.container(), k.targetId())));
      DeleteHold hold = in.holds().get(k);
      boolean holding = hold != null && hold.holding();
      row.put("deletes_held", holding ? hold.deletesHeld() : 0);
      row.put("held_since", holding ? hold.heldSince().toString() : null);
    }
    if (in.daemon() != null) {
      for (DaemonState.MappingState m : in.daemon().mappings()) {
        if (!shown.contains(m) && m.blockedReason() != null) {
          ObjectNode row = out.addObject();
          row.put("account", m.account());
          row.put("container", m.container());
          row.put("target", m.targetId());
          row.put("target_id", m.targetId());
          row.putNull("db_id");
          daemonFields(row, in.daemon(), m, null);
          row.put("deletes_held", 0);
          row.putNull("held_since");
        }
      }
    }
    return out;
  }

  private static void daemonFields(ObjectNode row, DaemonState daemon, DaemonState.MappingState m, Long bytes) {
    row.put("blocked_reason", m == null ? null : m.blockedReason());
    row.put("blocked_since", m == null ? null : text(m.blockedSince()));
    row.put("bytes_copied", bytes == null ? 0 : bytes);
    row.put("next_pass", daemon == null ? null : text(daemon.nextPass()));
    row.put("daemon_seen", daemon == null ? null : daemon.writtenAt().toString());
  }

  private static Instant firstRetry(CursorEntry c) {
    return c.retries().isEmpty() ? null : c.retries().get(0).nextAttempt();
  }

  private static Instant earliest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isBefore(b) ? a : b;
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  /** {@code <account>/<root container>} for the status of a shard DB ({@code .shards_<account>}), else null. */
  static String rootOf(StatusKey key) {
    if (!key.account().startsWith(ShardNames.PREFIX)) {
      return null;
    }
    String root = ShardNames.rootOf(key.container());
    return root == null ? null : key.account().substring(ShardNames.PREFIX.length()) + "/" + root;
  }

  /** {@code /status} of a running daemon. */
  static String json(StatusStore store, HoldStore holds, LiveProgress live, Clock clock) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows(read(store, holds.all(), live),
          clock.instant()));
    } catch (IOException e) {
      return "{\"error\": " + JSON.valueToTree(e.getMessage()) + "}";
    }
  }
}
