package io.cloudsync.crawler.syncto;

import java.util.Objects;

/**
 * A local container configured for Swift container-sync.
 *
 * @param account the account
 * @param container the container
 * @param syncTo its {@code X-Container-Sync-To} value
 * @param syncKey its {@code X-Container-Sync-Key} value
 * @param versioned it has object versioning ({@code X-Container-Sysmeta-Versions-Container}): Swift's
 *     container-sync skips such containers, and so does cloudsync
 */
public record SyncToContainer(String account, String container, String syncTo, String syncKey, boolean versioned) {
  public SyncToContainer {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(syncTo, "syncTo");
    Objects.requireNonNull(syncKey, "syncKey");
  }

  @Override
  public String toString() {
    return "SyncToContainer[" + account + "/" + container + " -> " + syncTo + (versioned ? ", versioned" : "") + "]";
  }
}
