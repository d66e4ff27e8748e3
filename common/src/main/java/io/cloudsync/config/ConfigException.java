package io.cloudsync.config;

/**
 * A configuration file that cannot be used. The message always names the file, the JSON
 * path of the offending key (for example {@code containers[2].aws_bucket}) and the problem,
 * followed by the line and column when they are known:
 *
 * <pre>/etc/swift-s3-sync/sync.json: containers[2].aws_bukcet: unknown key; did you mean "aws_bucket"? (line 14, column 13)</pre>
 *
 * <p>Messages never contain secret values.
 */
public class ConfigException extends Exception {

  private final String source;
  private final String keyPath;
  private final String problem;
  private final int line;
  private final int column;

  /**
   * @param source the file (or other source name) the configuration came from
   * @param keyPath the JSON path of the key, or {@code ""} for the document as a whole
   * @param problem what is wrong, in words an operator understands
   * @param line 1-based line, or -1 when unknown
   * @param column 1-based column, or -1 when unknown
   */
  public ConfigException(String source, String keyPath, String problem, int line, int column) {
    this(source, keyPath, problem, line, column, null);
  }

  /** As {@link #ConfigException(String, String, String, int, int)}, with a cause. */
  public ConfigException(String source, String keyPath, String problem, int line, int column,
      Throwable cause) {
    super(format(source, keyPath, problem, line, column), cause);
    this.source = source;
    this.keyPath = keyPath == null ? "" : keyPath;
    this.problem = problem;
    this.line = line;
    this.column = column;
  }

  private static String format(String source, String keyPath, String problem, int line,
      int column) {
    StringBuilder sb = new StringBuilder(source).append(": ");
    if (keyPath != null && !keyPath.isEmpty()) {
      sb.append(keyPath).append(": ");
    }
    sb.append(problem);
    if (line > 0) {
      sb.append(" (line ").append(line);
      if (column > 0) {
        sb.append(", column ").append(column);
      }
      sb.append(')');
    }
    return sb.toString();
  }

  /** The file (or source name given to {@link ConfigLoader#parse}). */
  public String source() {
    return source;
  }

  /** JSON path of the offending key, e.g. {@code containers[2].aws_bucket}; {@code ""} for the whole file. */
  public String keyPath() {
    return keyPath;
  }

  /** The problem alone, without file, path or position. */
  public String problem() {
    return problem;
  }

  /** 1-based line of the offending key or value, or -1 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column of the offending key or value, or -1 when unknown. */
  public int column() {
    return column;
  }
}
