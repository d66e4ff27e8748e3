package io.cloudsync.sync.recovery;

import io.cloudsync.crawler.locate.LocalReplica;
import io.cloudsync.crawler.ownership.RowOwnership;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.store.StoreException;
import io.cloudsync.sync.pass.MappingRuntime;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multipart uploads a crash (kill -9, power loss) cut: before the first pass over a container's
 * replica in this process, the uploads under the container's keys that were initiated before the
 * process started, for objects this node owns, are aborted (their parts would otherwise be stored
 * and billed forever). The row itself is uploaded again from its cursor, which never passed it.
 * A failure is logged and retried at the next pass.
 */
public final class StaleUploads {
  private static final Logger LOG = LoggerFactory.getLogger(StaleUploads.class);

  private final Instant processStart;
  private final Set<String> swept = ConcurrentHashMap.newKeySet();

  public StaleUploads(Instant processStart) {
    this.processStart = processStart;
  }

  /** When this process started: uploads initiated before it cannot be running here. */
  public Instant processStart() {
    return processStart;
  }

  /** Sweeps once per mapping target, container and replica in this process. */
  public void sweepOnce(MappingRuntime mapping, LocalReplica replica) {
    String key = mapping.config().targetId() + "|" + replica.account() + "/" + replica.container() + "|"
        + replica.nodeIndex() + "/" + replica.nodeCount();
    if (swept.contains(key) || mapping.health().isBlocked()) {
      return;
    }
    try {
      int aborted = mapping.store().abortStaleUploads(replica.account(), replica.container(), processStart,
          name -> RowOwnership.owns(name, replica.nodeIndex(), replica.nodeCount()));
      swept.add(key);
      if (aborted > 0) {
        LOG.warn("{}/{} -> {}: aborted {} multipart uploads left by a crash", LogSafe.text(replica.account()),
            LogSafe.text(replica.container()), mapping.store().describe(), aborted);
      }
    } catch (StoreException e) {
      LOG.warn("{}/{} -> {}: cannot look for multipart uploads left by a crash ({}); trying again next pass",
          LogSafe.text(replica.account()), LogSafe.text(replica.container()), mapping.store().describe(),
          e.getMessage());
    }
  }
}
