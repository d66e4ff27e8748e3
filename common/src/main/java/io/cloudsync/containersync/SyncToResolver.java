package io.cloudsync.containersync;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Swift's {@code validate_sync_to}: a realm value {@code //realm/cluster/account/container} is
 * resolved through the realms file; a full URL (the legacy form) must be http(s), have a path and no
 * parameters, query or fragment, and name a host in {@code allowed_sync_hosts}. Messages are
 * Swift's.
 */
public final class SyncToResolver {
  private final RealmsFile realms;
  private final List<String> allowedSyncHosts;

  public SyncToResolver(RealmsFile realms, List<String> allowedSyncHosts) {
    this.realms = realms;
    this.allowedSyncHosts = List.copyOf(allowedSyncHosts);
  }

  public SyncTo resolve(String value) {
    return resolve(value, realms.current(), allowedSyncHosts);
  }

  /** {@link #resolve(String)} against given realms (pure). */
  public static SyncTo resolve(String original, RealmsConf realms, List<String> allowedSyncHosts) {
    String value = stripTrailingSlashes(original);
    if (value.isEmpty()) {
      return new SyncTo.Disabled();
    }
    if (value.startsWith("//")) {
      String[] parts = value.substring(2).split("/", -1);
      if (parts.length != 4) {
        return new SyncTo.Invalid("Invalid X-Container-Sync-To format '" + original + "'");
      }
      String realm = parts[0];
      String key = realms.key(realm).orElse(null);
      if (key == null) {
        return new SyncTo.Invalid("No realm key for '" + realm + "'");
      }
      String endpoint = realms.endpoint(realm, parts[1]).orElse(null);
      if (endpoint == null) {
        return new SyncTo.Invalid("No cluster endpoint for '" + realm + "' '" + parts[1] + "'");
      }
      return new SyncTo.Target(stripTrailingSlashes(endpoint) + "/" + parts[2] + "/" + parts[3],
          realm.toUpperCase(Locale.ROOT), key);
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return new SyncTo.Invalid("Invalid X-Container-Sync-To '" + original + "': " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return new SyncTo.Invalid("Invalid scheme '" + scheme + "' in X-Container-Sync-To, must be \"//\", \"http\", or"
          + " \"https\".");
    }
    if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
      return new SyncTo.Invalid("Path required in X-Container-Sync-To");
    }
    if (uri.getRawPath().contains(";") || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return new SyncTo.Invalid("Params, queries, and fragments not allowed in X-Container-Sync-To");
    }
    String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
    if (host == null || !allowedSyncHosts.contains(host)) {
      return new SyncTo.Invalid("Invalid host '" + host + "' in X-Container-Sync-To");
    }
    return new SyncTo.Target(value, null, null);
  }

  private static String stripTrailingSlashes(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }
}
