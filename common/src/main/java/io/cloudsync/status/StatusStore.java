package io.cloudsync.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.config.Policy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress files under {@code status_dir}: {@code <status_dir>/<account>/<container>}, one JSON
 * object per container keyed by DB id and then by mapping target. Every write goes to a temp file
 * that is fsync'd and renamed over the old one, then the directory is fsync'd, so a crash leaves
 * either the old or the new file. A file that is not valid JSON is moved aside
 * ({@code .corrupt-<millis>}) and the container is rescanned from row 0 (remote HEADs make that cheap).
 */
public final class StatusStore {
  private static final Logger LOG = LoggerFactory.getLogger(StatusStore.class);

  private final Path dir;
  private final Clock clock;
  private final Map<Path, Object> fileLocks = new ConcurrentHashMap<>();

  public StatusStore(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  public Path dir() {
    return dir;
  }

  Path file(String account, String container) {
    return dir.resolve(account).resolve(container);
  }

  /**
   * The progress for {@code key}, applying upstream's reset rules: a different bucket or policy
   * starts over from row 0 (logged).
   */
  public CursorEntry read(StatusKey key, String awsBucket, Policy policy) {
    Path file = file(key.account(), key.container());
    synchronized (lock(file)) {
      JsonNode json = readFile(file);
      CursorEntry found;
      try {
        found = json == null ? null : StatusFileCodec.find(json, key, awsBucket);
      } catch (CorruptStatusException e) {
        quarantine(file, e.getMessage());
        found = null;
      }
      if (found == null) {
        return CursorEntry.start(awsBucket, policy);
      }
      if (!Objects.equals(found.awsBucket(), awsBucket)) {
        LOG.info("{}/{}: bucket changed from {} to {}; restarting from row 0", key.account(), key.container(),
            found.awsBucket(), awsBucket);
        return CursorEntry.start(awsBucket, policy);
      }
      if (found.policy() != null && !found.policy().equals(policy)) {
        LOG.info("{}/{}: copy_after/retain_local/propagate_delete changed ({} -> {}); restarting from row 0",
            key.account(), key.container(), found.policy(), policy);
        return CursorEntry.start(awsBucket, policy);
      }
      return new CursorEntry(found.lastRow(), found.lastVerifiedRow(), awsBucket, policy, found.retries(),
          found.deferred(), found.unsyncable(), found.errors(), found.maxRow(), found.oldestPending(),
          found.lastPassEnd(), found.firstSeen());
    }
  }

  /** Saves {@code entry} for {@code key}, keeping every other entry of the file. */
  public void write(StatusKey key, CursorEntry entry) throws IOException {
    Path file = file(key.account(), key.container());
    synchronized (lock(file)) {
      ObjectNode updated = StatusFileCodec.put(readFile(file), key, entry);
      writeAtomically(file, StatusFileCodec.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(updated));
    }
  }

  /** The containers of {@code account} that have a status file (for pruning those of vanished shard DBs). */
  public List<String> containers(String account) throws IOException {
    Path accountDir = dir.resolve(account);
    if (!Files.isDirectory(accountDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(accountDir)) {
      return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
          .filter(name -> !name.startsWith(".") && !name.contains(".corrupt-")).sorted().toList();
    }
  }

  /** Deletes the status file of a container whose DBs are gone from this node (a shard that shrank away). */
  public void remove(String account, String container) throws IOException {
    Path file = file(account, container);
    synchronized (lock(file)) {
      if (Files.deleteIfExists(file)) {
        LOG.info("status of {}/{} removed: its DB is no longer on this node", account, container);
      }
    }
  }

  /**
   * Drops the entries of DB ids other than {@code dbIds} from a container's status file: the DBs
   * that retired when the container sharded (Swift unlinks {@code <hash>.db} once it is sharded).
   * Nothing changes when none of {@code dbIds} has an entry yet (the new DBs were not crawled).
   */
  public void retainDbIds(String account, String container, java.util.Set<String> dbIds) throws IOException {
    Path file = file(account, container);
    synchronized (lock(file)) {
      JsonNode json = readFile(file);
      if (!(json instanceof ObjectNode object)) {
        return;
      }
      List<String> gone = new ArrayList<>();
      boolean anyKept = false;
      for (java.util.Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isObject()) {
          continue;
        }
        if (dbIds.contains(field.getKey())) {
          anyKept = true;
        } else {
          gone.add(field.getKey());
        }
      }
      if (gone.isEmpty() || !anyKept) {
        return;
      }
      gone.forEach(object::remove);
      writeAtomically(file, StatusFileCodec.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(object));
      LOG.info("status of {}/{}: entries of DB ids {} removed: those DBs are gone", account, container, gone);
    }
  }

  /** Every entry of every status file, for {@code cloudsync status}. */
  public List<Map.Entry<StatusKey, CursorEntry>> all() throws IOException {
    List<Map.Entry<StatusKey, CursorEntry>> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> accounts = Files.list(dir)) {
      for (Path accountDir : accounts.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> files = Files.list(accountDir)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            String name = f.getFileName().toString();
            if (name.startsWith(".") || name.contains(".corrupt-")) {
              continue;
            }
            JsonNode json = readFile(f);
            if (json == null) {
              continue;
            }
            json.fields().forEachRemaining(db -> db.getValue().fields().forEachRemaining(t -> {
              if (UpstreamMirror.isTarget(t.getKey(), t.getValue())) {
                try {
                  out.add(Map.entry(new StatusKey(accountDir.getFileName().toString(), name, db.getKey(),
                      t.getKey()), StatusFileCodec.decode(t.getValue())));
                } catch (CorruptStatusException | IllegalArgumentException | java.time.DateTimeException e) {
                  LOG.warn("status file {}: entry {}/{} is corrupt ({}); not shown", f, db.getKey(), t.getKey(),
                      e.getMessage());
                }
              }
            }));
          }
        }
      }
    }
    return out;
  }

  private Object lock(Path file) {
    return fileLocks.computeIfAbsent(file, f -> new Object());
  }

  private JsonNode readFile(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.warn("cannot read status file {}: {}; treating as empty", file, e.getMessage());
      return null;
    }
    try {
      JsonNode json = StatusFileCodec.JSON.readTree(bytes);
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException e) {
      // fall through to quarantine
    }
    quarantine(file, "not valid JSON");
    return null;
  }

  private void quarantine(Path file, String why) {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + clock.millis());
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      LOG.error("status file {} is corrupt ({}); moved it to {} and will rescan the container from row 0",
          file, why, aside);
    } catch (IOException e) {
      LOG.error("status file {} is corrupt ({}) and cannot be moved aside: {}", file, why, e.getMessage());
    }
  }

  public static void writeAtomically(Path file, byte[] content) throws IOException {
    Path parent = file.getParent();
    Files.createDirectories(parent);
    Path temp = parent.resolve("." + file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel dirChannel = FileChannel.open(parent, StandardOpenOption.READ)) {
      dirChannel.force(true);
    } catch (IOException ignored) {
      // some filesystems cannot fsync a directory; the rename itself is still atomic
    }
  }
}
