package io.cloudsync.containersync;

/** What an {@code X-Container-Sync-To} value means (Swift's {@code validate_sync_to}). */
public sealed interface SyncTo {

  /** No sync: the value is empty (or only slashes). */
  record Disabled() implements SyncTo {}

  /** A value Swift refuses too, with Swift's explanation. */
  record Invalid(String reason) implements SyncTo {}

  /**
   * A container to sync to.
   *
   * @param containerUrl the remote container's URL, {@code <cluster endpoint>/<account>/<container>}
   *     or the full URL of the legacy form
   * @param realm the realm, upper-cased (requests are signed), or null for the legacy form (requests
   *     carry {@code X-Container-Sync-Key})
   * @param realmKey the realm's key, or null for the legacy form
   */
  record Target(String containerUrl, String realm, String realmKey) implements SyncTo {
    public boolean signed() {
      return realm != null;
    }

    @Override
    public String toString() {
      return "Target[" + containerUrl + (realm == null ? "" : ", realm " + realm) + "]";
    }
  }
}
