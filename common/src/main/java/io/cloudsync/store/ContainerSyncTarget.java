package io.cloudsync.store;

import io.cloudsync.config.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * A remote Swift container reached the way Swift's container-sync reaches it: no user, no token;
 * every request carries the container's sync key, either inside an {@code X-Container-Sync-Auth}
 * signature made with a realm key (realm form) or as {@code X-Container-Sync-Key} (legacy full-URL
 * form). Objects keep their names and their {@code X-Timestamp}.
 *
 * @param containerUrl {@code http(s)://host[:port]/v1/<account>/<container>}
 * @param syncKey the container's {@code X-Container-Sync-Key}
 * @param realm the upper-cased realm of a realm-form target, or null for the legacy form
 * @param realmKey the realm's key, or null for the legacy form
 * @param maxConnections the HTTP connection pool size
 */
public record ContainerSyncTarget(URI containerUrl, Secret syncKey, String realm, Secret realmKey,
    int maxConnections) {

  public ContainerSyncTarget {
    Objects.requireNonNull(containerUrl, "containerUrl");
    Objects.requireNonNull(syncKey, "syncKey");
    if ((realm == null) != (realmKey == null)) {
      throw new IllegalArgumentException("a realm and its key go together");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
    }
  }

  /** Requests are signed with the realm key (realm form). */
  public boolean signed() {
    return realm != null;
  }
}
