package io.cloudsync.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * State of one load: the source name, where each JSON path was found, the warnings so far
 * and the environment used for {@code env:} secrets. One instance per load; not shared.
 */
final class ParseContext {

  private final String source;
  private final Map<String, int[]> positions = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final Function<String, String> env;

  ParseContext(String source, Function<String, String> env) {
    this.source = source;
    this.env = env;
  }

  String source() {
    return source;
  }

  Function<String, String> env() {
    return env;
  }

  List<String> warnings() {
    return warnings;
  }

  /**
   * Records where the key or value at {@code path} starts. For a duplicate key the last
   * occurrence wins, as its value is the one used.
   */
  void position(String path, int line, int column) {
    positions.put(path, new int[] {line, column});
  }

  /** An error about {@code path}, positioned at it or at its nearest enclosing value. */
  ConfigException error(String path, String problem) {
    return error(path, problem, null);
  }

  ConfigException error(String path, String problem, Throwable cause) {
    int[] pos = find(path);
    return new ConfigException(source, path, problem, pos[0], pos[1], cause);
  }

  /** Adds a warning naming the file and key. */
  void warn(String path, String message) {
    warnings.add(source + ": " + (path.isEmpty() ? "" : path + ": ") + message);
  }

  private int[] find(String path) {
    String p = path;
    while (true) {
      int[] pos = positions.get(p);
      if (pos != null) {
        return pos;
      }
      if (p.isEmpty()) {
        return new int[] {-1, -1};
      }
      p = parent(p);
    }
  }

  static String child(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String element(String parent, int index) {
    return parent + "[" + index + "]";
  }

  static String parent(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    return cut < 0 ? "" : path.substring(0, cut);
  }
}
