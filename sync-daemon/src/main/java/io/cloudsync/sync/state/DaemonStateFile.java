package io.cloudsync.sync.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.status.StatusStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code <status_dir>/.cloudsync-daemon.json}: the daemon's {@link DaemonState}, written atomically. */
public final class DaemonStateFile {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonStateFile.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NAME = ".cloudsync-daemon.json";

  private DaemonStateFile() {}

  public static void write(Path statusDir, DaemonState state) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("written_at", state.writtenAt().toString());
    root.put("last_pass_end", text(state.lastPassEnd()));
    root.put("next_pass", text(state.nextPass()));
    var mappings = root.putArray("mappings");
    for (DaemonState.MappingState m : state.mappings()) {
      mappings.addObject().put("account", m.account()).put("container", m.container())
          .put("target_id", m.targetId()).put("blocked_reason", m.blockedReason())
          .put("blocked_since", text(m.blockedSince()));
    }
    ObjectNode bytes = root.putObject("bytes_copied");
    state.bytesCopied().forEach(bytes::put);
    StatusStore.writeAtomically(statusDir.resolve(NAME), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  /** The state a daemon last wrote under {@code statusDir}, or null when there is none (or it is unreadable). */
  public static DaemonState read(Path statusDir) {
    Path file = statusDir.resolve(NAME);
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      List<DaemonState.MappingState> mappings = new ArrayList<>();
      for (JsonNode m : root.path("mappings")) {
        mappings.add(new DaemonState.MappingState(m.get("account").asText(), m.get("container").asText(),
            m.get("target_id").asText(), m.path("blocked_reason").asText(null), instant(m.get("blocked_since"))));
      }
      Map<String, Long> bytes = new HashMap<>();
      root.path("bytes_copied").fields().forEachRemaining(e -> bytes.put(e.getKey(), e.getValue().asLong()));
      return new DaemonState(Instant.parse(root.get("written_at").asText()), instant(root.get("last_pass_end")),
          instant(root.get("next_pass")), mappings, bytes);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} is unreadable ({}); ignoring it", file, e.getMessage());
      return null;
    }
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  private static Instant instant(JsonNode n) {
    return n == null || n.isNull() ? null : Instant.parse(n.asText());
  }
}
