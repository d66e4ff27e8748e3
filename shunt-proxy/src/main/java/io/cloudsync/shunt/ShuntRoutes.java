package io.cloudsync.shunt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Swift containers the shunt intercepts, and with what. Keys are (account, container) as
 * Unicode text; the container {@value #ALL_CONTAINERS} stands for every container of the account
 * (a per-account mapping). {@link #lookup} tries the exact container first, then the account-wide
 * route, as upstream's profile lookup does. Immutable and thread-safe.
 */
public final class ShuntRoutes {
  /** The container name of an account-wide route. */
  public static final String ALL_CONTAINERS = "/*";

  private static final ShuntRoutes NONE = new ShuntRoutes(Map.of());

  private final Map<Key, Route> routes;

  private ShuntRoutes(Map<Key, Route> routes) {
    this.routes = Map.copyOf(routes);
  }

  /** No interception: every request passes through. */
  public static ShuntRoutes none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The route for a container: exact match, else the account-wide route, else empty. */
  public Optional<Route> lookup(String account, String container) {
    Route exact = routes.get(new Key(account, container));
    if (exact != null) {
      return Optional.of(exact);
    }
    return Optional.ofNullable(routes.get(new Key(account, ALL_CONTAINERS)));
  }

  public boolean isEmpty() {
    return routes.isEmpty();
  }

  public int size() {
    return routes.size();
  }

  @Override
  public String toString() {
    return "ShuntRoutes" + routes.values();
  }

  /**
   * What to do for one configured container.
   *
   * @param account Swift account, e.g. {@code AUTH_test}
   * @param container container name or {@value #ALL_CONTAINERS}
   * @param reader serves object GET/HEAD that Swift answers with 404, or null for none
   * @param splicer merges remote entries into container listings, or null for none
   * @param writer deletes or changes archived objects for object DELETE/POST that Swift answers with
   *     404, or null for none (they pass through)
   */
  public record Route(String account, String container, ArchiveReader reader, ListingSplicer splicer,
      ArchiveWriter writer) {
    public Route {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(container, "container");
    }

    /** A route that only reads: DELETE and POST pass through. */
    public Route(String account, String container, ArchiveReader reader, ListingSplicer splicer) {
      this(account, container, reader, splicer, null);
    }

    @Override
    public String toString() {
      return account + "/" + container + (reader != null ? " +reads" : "") + (splicer != null ? " +listings" : "")
          + (writer != null ? " +changes" : "");
    }
  }

  private record Key(String account, String container) {}

  /** Collects routes; a later route for the same (account, container) replaces an earlier one. */
  public static final class Builder {
    private final Map<Key, Route> routes = new LinkedHashMap<>();

    private Builder() {}

    public Builder route(String account, String container, ArchiveReader reader, ListingSplicer splicer) {
      return route(account, container, reader, splicer, null);
    }

    public Builder route(String account, String container, ArchiveReader reader, ListingSplicer splicer,
        ArchiveWriter writer) {
      Route route = new Route(account, container, reader, splicer, writer);
      routes.put(new Key(account, container), route);
      return this;
    }

    public ShuntRoutes build() {
      return routes.isEmpty() ? NONE : new ShuntRoutes(routes);
    }
  }
}
