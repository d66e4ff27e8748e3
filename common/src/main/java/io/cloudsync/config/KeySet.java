package io.cloudsync.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys allowed in one kind of JSON object, and the keys that are recognised but
 * refused with a specific explanation (for example 1space options cloudsync does not
 * implement). Immutable.
 *
 * @param where how messages name the object, e.g. {@code "containers[] entries"}
 * @param known every accepted key
 * @param unsupported key to explanation, for keys that are refused on purpose
 */
record KeySet(String where, Set<String> known, Map<String, String> unsupported) {

  KeySet {
    known = Set.copyOf(known);
    unsupported = Map.copyOf(unsupported);
  }

  /** The message for a key that is neither known nor refused on purpose. */
  String unknownKeyProblem(String key, List<KeySet> others) {
    List<String> homes = new ArrayList<>();
    for (KeySet other : others) {
      if (other != this && other.known.contains(key)) {
        homes.add(other.where);
      }
    }
    if (!homes.isEmpty()) {
      return "unknown key in " + where + "; \"" + key + "\" belongs in "
          + String.join(" or ", homes);
    }
    String close = closest(key, known);
    if (close != null) {
      return "unknown key; did you mean \"" + close + "\"?";
    }
    return "unknown key; valid keys in " + where + " are: "
        + String.join(", ", new TreeSet<>(known));
  }

  /** The known key nearest to {@code key} if within edit distance 2, else null. */
  static String closest(String key, Set<String> candidates) {
    String k = key.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : new TreeSet<>(candidates)) {
      int d = distance(k, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return bestDistance <= 2 ? best : null;
  }

  /** Optimal-string-alignment distance: insertions, deletions, substitutions, adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
