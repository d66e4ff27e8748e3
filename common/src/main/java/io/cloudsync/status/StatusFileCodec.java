package io.cloudsync.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.config.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON shape of a status file: {@code {"<db_id>": {"<target_id>": {entry}, "last_row": N,
 * "aws_bucket": b, "policy": {...}}}}. Also reads swift-s3-sync's shapes
 * ({@code {"<db_id>": {"last_row": N, "aws_bucket": b, "policy": {...}}}} and the legacy
 * {@code {"last_row": N}}) so an operator can switch without a rescan.
 *
 * <p>Rollback: beside the per-target entries, each DB object carries upstream's own fields (see
 * {@link UpstreamMirror}), so swift-s3-sync 0.1.24 reading a file cloudsync wrote finds the
 * fields it indexes ({@code aws_bucket}, {@code last_row}) and resumes from a row before which
 * everything is done. cloudsync itself ignores those fields once a DB object has target entries.
 */
final class StatusFileCodec {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StatusFileCodec() {}

  /** The entry for {@code key}, converted from upstream shapes when needed, or null when absent. */
  static CursorEntry find(JsonNode file, StatusKey key, String awsBucket) {
    if (file.has("last_row")) {
      long row = row(file, "last_row");
      return new CursorEntry(row, row, awsBucket, null, List.of(), List.of(), 0, 0, 0, null, null);
    }
    JsonNode db = file.get(key.dbId());
    if (db == null || !db.isObject()) {
      return null;
    }
    JsonNode own = db.get(key.targetId());
    if (own != null && own.isObject()) {
      return decode(own);
    }
    if (db.has("last_row") && !UpstreamMirror.hasTargets(db)) {
      String bucket = db.path("aws_bucket").asText(null);
      if (bucket != null && !bucket.equals(awsBucket)) {
        return null;
      }
      long row = row(db, "last_row");
      long verified = db.has("last_verified_row") ? row(db, "last_verified_row") : row;
      Policy policy = db.has("policy") ? decodePolicy(db.get("policy")) : null;
      return new CursorEntry(row, verified, bucket, policy, List.of(), List.of(), 0, 0, 0, null, null);
    }
    return null;
  }

  /**
   * A copy of {@code file} with the entry for {@code key} replaced and the upstream fields of its
   * DB object recomputed; upstream-only DB objects (no target entries) are dropped.
   */
  static ObjectNode put(JsonNode file, StatusKey key, CursorEntry entry) {
    ObjectNode out = NODES.objectNode();
    if (file != null && file.isObject() && !file.has("last_row")) {
      file.fields().forEachRemaining(e -> {
        if (e.getValue().isObject() && UpstreamMirror.hasTargets(e.getValue())) {
          out.set(e.getKey(), e.getValue().deepCopy());
        }
      });
    }
    ObjectNode db = out.has(key.dbId()) ? (ObjectNode) out.get(key.dbId()) : out.putObject(key.dbId());
    db.set(key.targetId(), encode(entry));
    UpstreamMirror.refresh(db);
    return out;
  }

  static ObjectNode encode(CursorEntry e) {
    ObjectNode node = NODES.objectNode();
    node.put("last_row", e.lastRow());
    node.put("last_verified_row", e.lastVerifiedRow());
    node.put("aws_bucket", e.awsBucket());
    putPolicy(node, e.policy());
    ArrayNode retries = node.putArray("retries");
    for (RetryRow r : e.retries()) {
      ObjectNode item = retries.addObject();
      item.put("row", r.row());
      item.put("name", r.name());
      item.put("attempts", r.attempts());
      item.put("next_attempt", r.nextAttempt().toString());
      item.put("last_error", r.lastError());
    }
    ArrayNode deferred = node.putArray("deferred");
    for (DeferredRow d : e.deferred()) {
      ObjectNode item = deferred.addObject();
      item.put("row", d.row());
      item.put("name", d.name());
      item.put("due", d.due().toString());
    }
    node.put("unsyncable", e.unsyncable());
    node.put("errors", e.errors());
    node.put("max_row", e.maxRow());
    if (e.oldestPending() != null) {
      node.put("oldest_pending", e.oldestPending().toString());
    }
    if (e.lastPassEnd() != null) {
      node.put("last_pass_end", e.lastPassEnd().toString());
    }
    if (!e.firstSeen().isEmpty()) {
      ArrayNode seen = node.putArray("first_seen");
      for (FirstSeen f : e.firstSeen()) {
        ObjectNode item = seen.addObject();
        item.put("row", f.row());
        item.put("at", f.at().toString());
      }
    }
    return node;
  }

  static CursorEntry decode(JsonNode n) {
    List<RetryRow> retries = new ArrayList<>();
    for (JsonNode r : n.path("retries")) {
      retries.add(new RetryRow(row(r, "row"), r.path("name").asText(), r.path("attempts").asInt(),
          Instant.parse(r.path("next_attempt").asText()), r.path("last_error").asText("")));
    }
    List<DeferredRow> deferred = new ArrayList<>();
    for (JsonNode d : n.path("deferred")) {
      deferred.add(new DeferredRow(row(d, "row"), d.path("name").asText(), Instant.parse(d.path("due").asText())));
    }
    List<FirstSeen> firstSeen = new ArrayList<>();
    for (JsonNode f : n.path("first_seen")) {
      firstSeen.add(new FirstSeen(row(f, "row"), instant(f, "at")));
    }
    return new CursorEntry(
        row(n, "last_row"),
        n.has("last_verified_row") ? row(n, "last_verified_row") : row(n, "last_row"),
        n.path("aws_bucket").asText(null),
        n.has("policy") ? decodePolicy(n.get("policy")) : null,
        retries,
        deferred,
        n.path("unsyncable").asLong(),
        n.path("errors").asLong(),
        n.has("max_row") ? row(n, "max_row") : 0,
        n.has("oldest_pending") ? Instant.parse(n.get("oldest_pending").asText()) : null,
        n.has("last_pass_end") ? Instant.parse(n.get("last_pass_end").asText()) : null,
        firstSeen);
  }

  /**
   * A row number, strictly: a whole number from 0 to {@link Long#MAX_VALUE}. Jackson's
   * {@code asLong} would read {@code 1e30} as a wrapped or clamped value and text as 0.
   *
   * @throws CorruptStatusException for anything else
   */
  static long row(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new CorruptStatusException("'" + field + "' is " + (value == null ? "missing" : value.toString())
          + ", not a row number");
    }
    return value.asLong();
  }

  /**
   * A time written by {@link Instant#toString()}, strictly.
   *
   * @throws CorruptStatusException for anything else
   */
  static Instant instant(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    try {
      if (value != null && value.isTextual()) {
        return Instant.parse(value.asText());
      }
    } catch (java.time.format.DateTimeParseException e) {
      // reported below
    }
    throw new CorruptStatusException("'" + field + "' is " + (value == null ? "missing" : value.toString())
        + ", not a time");
  }

  /** Writes {@code policy} as upstream's {@code "policy"} object; nothing when null. */
  static void putPolicy(ObjectNode parent, Policy policy) {
    if (policy != null) {
      ObjectNode node = parent.putObject("policy");
      node.put("copy_after", policy.copyAfter());
      node.put("retain_local", policy.retainLocal());
      node.put("propagate_delete", policy.propagateDelete());
    }
  }

  private static Policy decodePolicy(JsonNode p) {
    return new Policy(p.path("copy_after").asLong(), p.path("retain_local").asBoolean(true),
        p.path("propagate_delete").asBoolean(true));
  }
}
