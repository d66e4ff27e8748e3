package io.cloudsync.containersync;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The contents of Swift's {@code container-sync-realms.conf}, read as Swift's
 * {@code ContainerSyncRealms} reads it with Python's {@code ConfigParser}: one section per realm
 * (names matched case-insensitively), {@code key} (required for a usable realm), {@code key2} (a
 * second key for rotation) and {@code cluster_<name> = <endpoint ending in /v1/>} options, cluster
 * names case-insensitive; {@code [DEFAULT]} options are inherited by every realm, and
 * {@code [DEFAULT] mtime_check_interval} (seconds, default 300) says how often the file is checked
 * for changes. Immutable.
 *
 * @param realms by upper-cased realm name
 * @param mtimeCheckInterval how often a running daemon looks at the file's modification time
 */
public record RealmsConf(Map<String, Realm> realms, Duration mtimeCheckInterval) {
  public static final Duration DEFAULT_MTIME_CHECK = Duration.ofSeconds(300);
  /** No realms (no file). */
  public static final RealmsConf EMPTY = new RealmsConf(Map.of(), DEFAULT_MTIME_CHECK);

  public RealmsConf {
    realms = Map.copyOf(realms);
  }

  /**
   * One realm.
   *
   * @param key the realm key, or null when the section has none (such a realm validates nothing)
   * @param key2 the second key, or null
   * @param clusters cluster endpoints by upper-cased cluster name
   */
  public record Realm(String key, String key2, Map<String, String> clusters) {
    public Realm {
      clusters = Map.copyOf(clusters);
    }

    @Override
    public String toString() {
      return "Realm[clusters=" + clusters + "]"; // never the keys
    }
  }

  /** The realm, by case-insensitive name. */
  public Optional<Realm> realm(String name) {
    return Optional.ofNullable(realms.get(name.toUpperCase(Locale.ROOT)));
  }

  /** The realm's key, or empty (no such realm, or a realm without key). */
  public Optional<String> key(String realm) {
    return realm(realm).map(Realm::key).filter(k -> !k.isEmpty());
  }

  /** The endpoint of {@code cluster} in {@code realm}, both case-insensitive, or empty. */
  public Optional<String> endpoint(String realm, String cluster) {
    return realm(realm).map(r -> r.clusters().get(cluster.toUpperCase(Locale.ROOT)));
  }

  /**
   * Parses the file's text.
   *
   * @throws IllegalArgumentException naming the line, for what Python's ConfigParser refuses too
   *     (an option outside any section, a line that is neither, a repeated section or option) or a
   *     bad {@code mtime_check_interval}
   */
  public static RealmsConf parse(String text) {
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    Map<String, String> defaults = new LinkedHashMap<>();
    Map<String, String> current = null;
    String lastOption = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      String line = raw.strip();
      int number = i + 1;
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        lastOption = line.isEmpty() ? null : lastOption;
        continue;
      }
      if (Character.isWhitespace(raw.charAt(0)) && current != null && lastOption != null) {
        current.merge(lastOption, "\n" + line, String::concat); // a continuation line
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        String name = line.substring(1, line.length() - 1);
        if (name.equals("DEFAULT")) {
          current = defaults;
        } else if (sections.containsKey(name)) {
          throw new IllegalArgumentException("line " + number + ": section [" + name + "] appears twice");
        } else {
          current = new LinkedHashMap<>();
          sections.put(name, current);
        }
        lastOption = null;
        continue;
      }
      int eq = firstOf(line, '=', ':');
      if (eq <= 0) {
        throw new IllegalArgumentException("line " + number + ": neither [section] nor option = value");
      }
      if (current == null) {
        throw new IllegalArgumentException("line " + number + ": option outside any [section]");
      }
      String option = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      if (current.containsKey(option)) {
        throw new IllegalArgumentException("line " + number + ": option '" + option + "' appears twice in its section");
      }
      current.put(option, line.substring(eq + 1).strip());
      lastOption = option;
    }
    Map<String, Realm> realms = new LinkedHashMap<>();
    sections.forEach((name, options) -> {
      Map<String, String> all = new LinkedHashMap<>(defaults);
      all.putAll(options);
      Map<String, String> clusters = new LinkedHashMap<>();
      all.forEach((option, value) -> {
        if (option.startsWith("cluster_")) {
          clusters.put(option.substring("cluster_".length()).toUpperCase(Locale.ROOT), value);
        }
      });
      realms.put(name.toUpperCase(Locale.ROOT), new Realm(all.get("key"), all.get("key2"), clusters));
    });
    return new RealmsConf(realms, interval(defaults.get("mtime_check_interval")));
  }

  private static Duration interval(String value) {
    if (value == null) {
      return DEFAULT_MTIME_CHECK;
    }
    try {
      double seconds = Double.parseDouble(value);
      if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(Math.round(seconds * 1000));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("[DEFAULT] mtime_check_interval = " + value + " is not a number of seconds");
    }
  }

  private static int firstOf(String line, char a, char b) {
    int i = line.indexOf(a);
    int j = line.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }

  @Override
  public String toString() {
    return "RealmsConf" + realms.keySet();
  }
}
