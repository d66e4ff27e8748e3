package io.cloudsync.migrate.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.config.MigrationConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code migrator_settings.status_file}: one JSON entry per migration ({@code kind: "migration"}),
 * with its totals and, per source container, when this node first saw it (so a node that does not
 * own a container migrates it once {@code verification_slack} has passed, also across
 * {@code --once} runs from cron). Never a secret: the entry names the source by protocol, endpoint,
 * bucket and prefix only. Written whole to a temporary file and moved into place.
 */
public final class MigrationStatusFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, ObjectNode> entries = new LinkedHashMap<>();

  private MigrationStatusFile(Path file) {
    this.file = file;
  }

  /** Loads the file; a missing file is an empty status, an unreadable one an error naming it. */
  public static MigrationStatusFile load(Path file) throws IOException {
    MigrationStatusFile status = new MigrationStatusFile(file);
    if (Files.exists(file)) {
      JsonNode root;
      try {
        root = JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new IOException("migrator status file " + file + " is not valid JSON: " + e.getMessage(), e);
      }
      for (JsonNode entry : root.path("migrations")) {
        if (entry.isObject() && entry.hasNonNull("id")) {
          status.entries.put(entry.get("id").asText(), (ObjectNode) entry);
        }
      }
    }
    return status;
  }

  /** The stable id of a migration and source container: what its status entry is keyed by. */
  public static String id(MigrationConfig m) {
    return m.account() + "/" + m.container() + " <- " + m.protocol().jsonName() + ":"
        + (m.awsEndpoint() == null ? "" : m.awsEndpoint()) + "/" + m.awsBucket()
        + (m.prefix() == null ? "" : "?prefix=" + m.prefix());
  }

  private synchronized ObjectNode entry(MigrationConfig m) {
    return entries.computeIfAbsent(id(m), id -> {
      ObjectNode e = JSON.createObjectNode();
      e.put("kind", "migration");
      e.put("id", id);
      e.put("account", m.account());
      e.put("container", m.allBuckets() ? MigrationConfig.ALL_BUCKETS : m.container());
      e.put("protocol", m.protocol().jsonName());
      e.put("aws_endpoint", m.awsEndpoint());
      e.put("aws_bucket", m.awsBucket());
      e.put("prefix", m.prefix());
      e.putObject("containers");
      return e;
    });
  }

  /** When this node first saw the source container, recording {@code now} if it never did. */
  public synchronized Instant firstSeen(MigrationConfig m, String container, Instant now) {
    ObjectNode c = container(m, container);
    if (!c.hasNonNull("first_seen")) {
      c.put("first_seen", now.toString());
    }
    return Instant.parse(c.get("first_seen").asText());
  }

  private ObjectNode container(MigrationConfig m, String container) {
    ObjectNode containers = (ObjectNode) entry(m).get("containers");
    JsonNode c = containers.get(container);
    return c instanceof ObjectNode o ? o : containers.putObject(container);
  }

  /** Records one container's pass. */
  public synchronized void containerPass(MigrationConfig m, String container, boolean owned, PassTotals totals,
      Instant end, String error) {
    ObjectNode c = container(m, container);
    c.put("owned", owned);
    c.put("last_pass_end", end.toString());
    c.put("scanned", totals.scanned());
    c.put("copied", totals.copied());
    c.put("errors", totals.errors());
    if (error == null) {
      c.remove("last_error");
    } else {
      c.put("last_error", error);
    }
  }

  /** Records a migration's pass and adds its counts to the running totals. */
  public synchronized void migrationPass(MigrationConfig m, PassTotals totals, Instant start, Instant end,
      String error) {
    ObjectNode e = entry(m);
    e.put("last_pass_start", start.toString());
    e.put("last_pass_end", end.toString());
    e.put("last_pass_scanned", totals.scanned());
    e.put("last_pass_copied", totals.copied());
    e.put("last_pass_errors", totals.errors());
    e.put("objects_copied", e.path("objects_copied").asLong() + totals.copied());
    e.put("bytes_copied", e.path("bytes_copied").asLong() + totals.bytes());
    e.put("deletes", e.path("deletes").asLong() + totals.deleted());
    e.put("errors", e.path("errors").asLong() + totals.errors());
    if (error == null) {
      e.remove("last_error");
    } else {
      e.put("last_error", error);
    }
  }

  /** The entry of a migration, if any (for tests and {@code status}). */
  public synchronized Optional<JsonNode> get(MigrationConfig m) {
    return Optional.ofNullable(entries.get(id(m))).map(JsonNode::deepCopy);
  }

  /** Writes the file (atomically). */
  public synchronized void save() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("migrations");
    entries.values().forEach(list::add);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The file's entries as {@code status} prints them: the parsed JSON array (empty when no file). */
  public static ArrayNode read(Path file) throws IOException {
    return (ArrayNode) load(file).toJson().get("migrations");
  }

  private synchronized ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("migrations");
    entries.values().forEach(list::add);
    return root;
  }
}
