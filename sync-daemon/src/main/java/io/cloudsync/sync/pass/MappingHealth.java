package io.cloudsync.sync.pass;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a mapping can make progress in this pass. The first failure that affects the whole
 * mapping (bad credentials, unreachable endpoint, missing bucket, local proxy down) stops it for
 * the rest of the pass and is logged once; the next pass tries again.
 */
public final class MappingHealth {
  private static final Logger LOG = LoggerFactory.getLogger(MappingHealth.class);

  private final String mapping;
  private final AtomicReference<String> blocked = new AtomicReference<>();

  public MappingHealth(String mapping) {
    this.mapping = mapping;
  }

  /** Starts a new pass with a clean slate. */
  public void reset() {
    blocked.set(null);
  }

  public void block(String reason) {
    if (blocked.compareAndSet(null, reason)) {
      LOG.error("mapping {}: {}; nothing more is sent for it in this pass, retrying next pass", mapping, reason);
    }
  }

  /** Stops the mapping for a daemon shutdown (not an error, so not logged as one). */
  public void stop() {
    blocked.compareAndSet(null, "daemon is shutting down");
  }

  public boolean isBlocked() {
    return blocked.get() != null;
  }

  public String reason() {
    return blocked.get();
  }
}
