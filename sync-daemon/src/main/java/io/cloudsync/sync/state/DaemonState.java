package io.cloudsync.sync.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a daemon for {@code cloudsync status}.
 *
 * @param writtenAt when the daemon wrote it (a stale snapshot means no daemon is running)
 * @param lastPassEnd when the last pass over every mapping ended, or null
 * @param nextPass when the next pass is due, or null
 * @param mappings one per configured mapping
 * @param bytesCopied bytes uploaded per {@link #entryKey container and target}, since the status dir was created
 */
public record DaemonState(Instant writtenAt, Instant lastPassEnd, Instant nextPass, List<MappingState> mappings,
    Map<String, Long> bytesCopied) {

  public DaemonState {
    mappings = List.copyOf(mappings);
    bytesCopied = Map.copyOf(bytesCopied);
  }

  /** One mapping: {@code container} is a name or {@code /*}; the block is null when it is not blocked. */
  public record MappingState(String account, String container, String targetId, String blockedReason,
      Instant blockedSince) {
    /** Whether a status entry of this container and target belongs to this mapping. */
    public boolean covers(String entryAccount, String entryContainer, String entryTarget) {
      return account.equals(entryAccount) && targetId.equals(entryTarget)
          && (container.equals("/*") || container.equals(entryContainer));
    }
  }

  /** The key of {@link #bytesCopied}. */
  public static String entryKey(String account, String container, String targetId) {
    return io.cloudsync.sync.metrics.SyncMetrics.entryKey(account, container, targetId);
  }

  /** The mapping a status entry belongs to, or null. */
  public MappingState mappingOf(String account, String container, String targetId) {
    return mappings.stream().filter(m -> m.covers(account, container, targetId)).findFirst().orElse(null);
  }
}
