package io.cloudsync.sync.pass;

import io.cloudsync.config.MappingConfig;
import io.cloudsync.status.SyncPolicy;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.sync.plan.RowPlanner;
import io.cloudsync.sync.transfer.ObjectSyncer;

/**
 * Everything the daemon keeps for one configured mapping across passes: its settings, its
 * remote store (one connection pool per target), and its pass-scoped health and delete budget.
 */
public record MappingRuntime(
    MappingConfig config,
    RemoteStore store,
    ObjectSyncer syncer,
    RowPlanner planner,
    MappingHealth health,
    DeleteBudget deleteBudget) {

  public SyncPolicy policy() {
    return new SyncPolicy(config.copyAfter(), config.retainLocal(), config.propagateDelete());
  }

  public String name() {
    return config.account() + "/" + config.container() + " -> " + store.describe();
  }

  public void startPass() {
    health.reset();
    deleteBudget.reset();
  }
}
