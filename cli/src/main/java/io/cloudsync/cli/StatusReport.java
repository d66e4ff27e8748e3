package io.cloudsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.crawler.shard.ShardNames;
import io.cloudsync.status.CursorEntry;
import io.cloudsync.status.StatusKey;
import io.cloudsync.status.StatusStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Progress of every container and target, from the status files, with the field names the README documents for {@code status --json}. */
final class StatusReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusReport() {}

  static ArrayNode rows(List<Map.Entry<StatusKey, CursorEntry>> entries, Instant now) {
    ArrayNode out = JSON.createArrayNode();
    for (Map.Entry<StatusKey, CursorEntry> e : entries) {
      StatusKey k = e.getKey();
      CursorEntry c = e.getValue();
      ObjectNode row = out.addObject();
      row.put("account", k.account());
      row.put("container", k.container());
      String root = rootOf(k);
      if (root != null) {
        row.put("root", root); // a shard DB of a sharded container: synced under its root's mapping
      }
      row.put("target", c.awsBucket() + " (" + k.targetId() + ")");
      row.put("db_id", k.dbId());
      row.put("last_row", c.lastRow());
      row.put("last_verified_row", c.lastVerifiedRow());
      row.put("max_row", c.maxRow());
      row.put("rows_behind", c.rowsBehind());
      row.put("lag_seconds", c.oldestPending() == null ? 0 : Math.max(0, now.getEpochSecond() - c.oldestPending().getEpochSecond()));
      row.put("last_pass_end", c.lastPassEnd() == null ? null : c.lastPassEnd().toString());
      row.put("errors", c.errors());
      row.put("unsyncable", c.unsyncable());
      row.put("retry_rows", c.retries().size());
      row.put("deferred_rows", c.deferred().size());
    }
    return out;
  }

  /** {@code <account>/<root container>} for the status of a shard DB ({@code .shards_<account>}), else null. */
  static String rootOf(StatusKey key) {
    if (!key.account().startsWith(ShardNames.PREFIX)) {
      return null;
    }
    String root = ShardNames.rootOf(key.container());
    return root == null ? null : key.account().substring(ShardNames.PREFIX.length()) + "/" + root;
  }

  static String json(StatusStore store, Clock clock) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rows(store.all(), clock.instant()));
    } catch (IOException e) {
      return "{\"error\": " + JSON.valueToTree(e.getMessage()) + "}";
    }
  }
}
