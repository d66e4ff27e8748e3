package io.cloudsync.sync.pass;

import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.Policy;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreException;
import io.cloudsync.sync.hold.DeleteGuard;
import io.cloudsync.sync.plan.RowPlanner;
import io.cloudsync.sync.transfer.ObjectSyncer;

/**
 * Everything the daemon keeps for one configured mapping across passes: its settings, its
 * remote store (one connection pool per target), its pass-scoped health and its delete guard.
 */
public record MappingRuntime(
    MappingConfig config,
    RemoteStore store,
    ObjectSyncer syncer,
    RowPlanner planner,
    MappingHealth health,
    DeleteGuard deleteGuard,
    DryRunTally dryRun) {

  public MappingRuntime(MappingConfig config, RemoteStore store, ObjectSyncer syncer, RowPlanner planner,
      MappingHealth health, DeleteGuard deleteGuard) {
    this(config, store, syncer, planner, health, deleteGuard, new DryRunTally());
  }

  public Policy policy() {
    return config.policy();
  }

  public String name() {
    return config.account() + "/" + config.container() + " -> " + store.describe();
  }

  /**
   * Starts a pass. When the previous pass was stopped by a failure of the whole mapping, one
   * cheap request ({@link RemoteStore#probe()}) asks the target first: if it still fails the
   * same way (missing bucket, credentials, unreachable), the mapping stays blocked for this pass
   * and no row is read from Swift only to fail its upload.
   */
  public void startPass() {
    boolean wasBlocked = health.isBlocked();
    health.reset();
    deleteGuard.startPass();
    if (wasBlocked) {
      probeTarget();
    }
  }

  private void probeTarget() {
    try {
      store.probe();
    } catch (StoreException e) {
      if (e.affectsWholeMapping()) {
        health.block(e.getMessage());
      }
    }
  }
}
