package io.cloudsync.sync.daemon;

import io.cloudsync.sync.pass.MappingRuntime;

/** One container to crawl for one mapping in this pass (a per-account mapping yields one per container). */
record ContainerJob(MappingRuntime mapping, String account, String container) {
  @Override
  public String toString() {
    return account + "/" + container + " -> " + mapping.store().describe();
  }
}
