package io.cloudsync.sync.hold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.status.StatusKey;
import io.cloudsync.status.StatusStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delete holds and release requests, beside the status files of {@code status_dir}:
 * <ul>
 *   <li>{@code <status_dir>/<account>/.cloudsync-holds/<container>}: the holds of that container,
 *       {@code {"<db_id>": {"<target_id>": {deletes_held, held_since, from_row, ...}}}}, written
 *       only by the daemon (atomically, as status files);</li>
 *   <li>{@code <status_dir>/<account>/.cloudsync-releases/<container>/<target_id or "all">}:
 *       a release request, written by {@code cloudsync release-deletes}
 *       ({@code {"requested_at": ...}}); it releases the holds that began before it and is
 *       removed by the daemon once no hold it applies to is left.</li>
 * </ul>
 * The daemon keeps the holds in memory too (it is their only writer); the CLI reads the files.
 */
public final class HoldStore {
  private static final Logger LOG = LoggerFactory.getLogger(HoldStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String HOLDS = ".cloudsync-holds";
  static final String RELEASES = ".cloudsync-releases";
  /** The release file name that releases every target of a container. */
  public static final String ALL_TARGETS = "all";

  private final Path dir;
  private final Map<StatusKey, DeleteHold> holds = new ConcurrentHashMap<>();

  private HoldStore(Path dir) {
    this.dir = dir;
  }

  /** Loads every hold under {@code statusDir}; unreadable files are logged and treated as holding nothing. */
  public static HoldStore load(Path statusDir) throws IOException {
    HoldStore store = new HoldStore(statusDir);
    if (!Files.isDirectory(statusDir)) {
      return store;
    }
    try (Stream<Path> accounts = Files.list(statusDir)) {
      for (Path account : accounts.filter(Files::isDirectory).toList()) {
        Path holdDir = account.resolve(HOLDS);
        if (!Files.isDirectory(holdDir)) {
          continue;
        }
        try (Stream<Path> files = Files.list(holdDir)) {
          for (Path file : files.filter(Files::isRegularFile).toList()) {
            if (!file.getFileName().toString().startsWith(".")) {
              store.readFile(account.getFileName().toString(), file);
            }
          }
        }
      }
    }
    return store;
  }

  private void readFile(String account, Path file) {
    String container = file.getFileName().toString();
    try {
      JsonNode json = JSON.readTree(Files.readAllBytes(file));
      json.fields().forEachRemaining(db -> db.getValue().fields().forEachRemaining(t -> holds.put(
          new StatusKey(account, container, db.getKey(), t.getKey()), decode(t.getValue()))));
    } catch (IOException | RuntimeException e) {
      LOG.error("delete-hold file {} is unreadable ({}); ignoring it", file, e.getMessage());
    }
  }

  private static DeleteHold decode(JsonNode n) {
    return new DeleteHold(n.get("deletes_held").asLong(), Instant.parse(n.get("held_since").asText()),
        n.get("from_row").asLong(), n.get("from_verified_row").asLong(), n.path("through_row").asLong(),
        n.path("released").asBoolean());
  }

  /** The hold of this replica and target, or null. */
  public DeleteHold get(StatusKey key) {
    return holds.get(key);
  }

  /** Every hold, keyed by status key. */
  public Map<StatusKey, DeleteHold> all() {
    return Map.copyOf(holds);
  }

  /** Saves (or, with null, removes) the hold of {@code key}. */
  public void put(StatusKey key, DeleteHold hold) throws IOException {
    synchronized (this) {
      if (hold == null) {
        holds.remove(key);
      } else {
        holds.put(key, hold);
      }
      writeContainer(key.account(), key.container());
    }
  }

  private void writeContainer(String account, String container) throws IOException {
    ObjectNode out = JSON.createObjectNode();
    holds.forEach((k, h) -> {
      if (k.account().equals(account) && k.container().equals(container)) {
        ObjectNode db = out.has(k.dbId()) ? (ObjectNode) out.get(k.dbId()) : out.putObject(k.dbId());
        ObjectNode n = db.putObject(k.targetId());
        n.put("deletes_held", h.deletesHeld());
        n.put("held_since", h.heldSince().toString());
        n.put("from_row", h.fromRow());
        n.put("from_verified_row", h.fromVerifiedRow());
        n.put("through_row", h.throughRow());
        n.put("released", h.released());
      }
    });
    Path file = dir.resolve(account).resolve(HOLDS).resolve(container);
    if (out.isEmpty()) {
      Files.deleteIfExists(file);
    } else {
      StatusStore.writeAtomically(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out));
    }
  }

  /** Asks the daemon of this node to release the holds of a container (one target, or all with null). */
  public static void requestRelease(Path statusDir, String account, String container, String targetId, Instant now)
      throws IOException {
    Path file = releaseDir(statusDir, account, container).resolve(targetId == null ? ALL_TARGETS : targetId);
    ObjectNode body = JSON.createObjectNode().put("requested_at", now.toString());
    StatusStore.writeAtomically(file, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static Path releaseDir(Path statusDir, String account, String container) {
    return statusDir.resolve(account).resolve(RELEASES).resolve(container);
  }

  /** When the latest release request for this hold's container and target was made, or null. */
  public Instant releaseRequested(StatusKey key) {
    Instant latest = null;
    for (String name : new String[] {key.targetId(), ALL_TARGETS}) {
      Instant at = requestedAt(releaseDir(dir, key.account(), key.container()).resolve(name));
      if (at != null && (latest == null || at.isAfter(latest))) {
        latest = at;
      }
    }
    return latest;
  }

  private static Instant requestedAt(Path file) {
    try {
      return Instant.parse(JSON.readTree(Files.readAllBytes(file)).get("requested_at").asText());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.warn("release request {} is unreadable ({}); treating it as made now", file, e.getMessage());
      return Instant.MAX;
    }
  }

  /** Removes release requests no hold is waiting for any more (every hold they apply to was released). */
  public void sweepReleases() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> accounts = Files.list(dir)) {
      for (Path account : accounts.filter(Files::isDirectory).toList()) {
        Path releases = account.resolve(RELEASES);
        if (!Files.isDirectory(releases)) {
          continue;
        }
        try (Stream<Path> containers = Files.list(releases)) {
          for (Path container : containers.filter(Files::isDirectory).toList()) {
            sweep(account.getFileName().toString(), container);
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot sweep release requests under {}: {}", dir, e.getMessage());
    }
  }

  private void sweep(String account, Path containerDir) throws IOException {
    String container = containerDir.getFileName().toString();
    try (Stream<Path> files = Files.list(containerDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String target = file.getFileName().toString();
        Instant at = requestedAt(file);
        boolean waiting = holds.entrySet().stream().anyMatch(e -> e.getKey().account().equals(account)
            && e.getKey().container().equals(container)
            && (target.equals(ALL_TARGETS) || target.equals(e.getKey().targetId()))
            && e.getValue().holding() && at != null && !e.getValue().heldSince().isAfter(at));
        if (!waiting && !target.startsWith(".")) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /** For {@code status} and {@code release-deletes}: the holds as the daemon last wrote them. */
  public static Map<StatusKey, DeleteHold> read(Path statusDir) throws IOException {
    return new LinkedHashMap<>(load(statusDir).all());
  }
}
