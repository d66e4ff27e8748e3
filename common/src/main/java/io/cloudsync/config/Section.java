package io.cloudsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Typed, checked access to one JSON object of the configuration. Creating a section checks
 * that the value is an object and that every key in it is known; the getters check types
 * and ranges. Every failure is a {@link ConfigException} naming the file and the key path.
 *
 * <p>A key whose value is JSON {@code null} counts as absent.
 */
final class Section {

  private static final int MAX_SHOWN = 80;

  private final ParseContext ctx;
  private final String path;
  private final ObjectNode node;

  private Section(ParseContext ctx, String path, ObjectNode node) {
    this.ctx = ctx;
    this.path = path;
    this.node = node;
  }

  /**
   * Wraps {@code value}, which must be an object containing only keys of {@code keys}.
   *
   * @param others key sets of the other kinds of objects, to say where a misplaced key belongs
   */
  static Section of(ParseContext ctx, String path, JsonNode value, KeySet keys,
      List<KeySet> others) throws ConfigException {
    if (!(value instanceof ObjectNode obj)) {
      throw ctx.error(path, "must be an object ({...}), got " + describe(value));
    }
    Iterator<String> names = obj.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (keys.known().contains(key)) {
        continue;
      }
      String keyPath = ParseContext.child(path, key);
      String refused = keys.unsupported().get(key);
      throw ctx.error(keyPath, refused != null ? refused : keys.unknownKeyProblem(key, others));
    }
    return new Section(ctx, path, obj);
  }

  ParseContext ctx() {
    return ctx;
  }

  /** JSON path of this object. */
  String path() {
    return path;
  }

  /** JSON path of {@code key} in this object. */
  String path(String key) {
    return ParseContext.child(path, key);
  }

  /** True when the key is present with a non-null value. */
  boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  /** True when the key is present, even with a null value. */
  boolean hasKey(String key) {
    return node.has(key);
  }

  /** The raw value, or null when absent or JSON null. */
  JsonNode raw(String key) {
    return has(key) ? node.get(key) : null;
  }

  ConfigException error(String key, String problem) {
    return ctx.error(path(key), problem);
  }

  void warn(String key, String message) {
    ctx.warn(key == null ? path : path(key), message);
  }

  /** A string value, or null when absent. */
  String string(String key) throws ConfigException {
    JsonNode v = raw(key);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw error(key, "must be a string, got " + describe(v));
    }
    return v.textValue();
  }

  /** A string that must not be empty, or null when absent. */
  String nonEmptyString(String key) throws ConfigException {
    String s = string(key);
    if (s != null && s.isEmpty()) {
      throw error(key, "must not be empty");
    }
    return s;
  }

  /** A string that must be present and not empty. */
  String requiredString(String key, String what) throws ConfigException {
    String s = nonEmptyString(key);
    if (s == null) {
      throw missing(key, what);
    }
    return s;
  }

  /** The error for a required key that is absent. */
  ConfigException missing(String key, String what) {
    String problem = hasKey(key) ? "must not be null" : "missing required key";
    return ctx.error(path(key), what == null ? problem : problem + " (" + what + ")");
  }

  /** A string value, never shown in messages (the value may be a credential). */
  String sensitiveString(String key) throws ConfigException {
    JsonNode v = raw(key);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw error(key, "must be a string, got " + kind(v));
    }
    return v.textValue();
  }

  /** A JSON boolean, or {@code dflt} when absent. Strings and numbers are refused. */
  boolean bool(String key, boolean dflt) throws ConfigException {
    JsonNode v = raw(key);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      String problem = "must be true or false, got " + describe(v);
      if (v.isTextual() && !v.textValue().isEmpty()) {
        problem += " (a string: swift-s3-sync treated every non-empty string as true,"
            + " so write a JSON true or false without quotes)";
      }
      throw error(key, problem);
    }
    return v.booleanValue();
  }

  /**
   * A whole number in {@code [min, max]}, or null when absent. Accepts JSON integers,
   * numbers with a zero fraction ({@code 10.0}) and strings of digits ({@code "10"}, which
   * swift-s3-sync's {@code int()} accepted).
   *
   * @param unit how to describe the value, e.g. {@code "a number of seconds"}
   */
  Long integer(String key, long min, long max, String unit) throws ConfigException {
    JsonNode v = raw(key);
    if (v == null) {
      return null;
    }
    BigDecimal d = decimal(v);
    if (d == null) {
      throw error(key, "must be " + unit + ", got " + describe(v));
    }
    BigDecimal whole;
    try {
      whole = new BigDecimal(d.toBigIntegerExact());
    } catch (ArithmeticException e) {
      throw error(key, "must be a whole number, got " + describe(v));
    }
    boolean low = whole.compareTo(BigDecimal.valueOf(min)) < 0;
    boolean high = whole.compareTo(BigDecimal.valueOf(max)) > 0;
    if (low || high) {
      throw error(key, rangeProblem(min, max, high, v));
    }
    return whole.longValueExact();
  }

  /** As {@link #integer} but with a default. */
  long integer(String key, long min, long max, String unit, long dflt) throws ConfigException {
    Long l = integer(key, min, max, unit);
    return l == null ? dflt : l;
  }

  /**
   * A finite number at least {@code min} (fractions allowed), or null when absent;
   * numeric strings are accepted.
   */
  Double number(String key, double min, String unit) throws ConfigException {
    JsonNode v = raw(key);
    if (v == null) {
      return null;
    }
    BigDecimal d = decimal(v);
    if (d == null) {
      throw error(key, "must be " + unit + ", got " + describe(v));
    }
    double x = d.doubleValue();
    if (Double.isInfinite(x) || x > 1e12) {
      throw error(key, "is too large: " + describe(v));
    }
    if (x < min) {
      throw error(key, "must not be less than " + plain(min) + ", got " + describe(v));
    }
    return x;
  }

  /** A list value (possibly empty), or null when absent. */
  List<JsonNode> list(String key) throws ConfigException {
    JsonNode v = raw(key);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw error(key, "must be a list ([...]), got " + describe(v));
    }
    List<JsonNode> out = new ArrayList<>();
    v.elements().forEachRemaining(out::add);
    return out;
  }

  private static BigDecimal decimal(JsonNode v) {
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isTextual()) {
      String s = v.textValue().trim();
      if (s.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
        try {
          return new BigDecimal(s);
        } catch (NumberFormatException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static String rangeProblem(long min, long max, boolean high, JsonNode v) {
    if (max >= Integer.MAX_VALUE) {
      if (high) {
        return "is too large, got " + describe(v);
      }
      return (min == 0 ? "must not be negative" : "must be at least " + min)
          + ", got " + describe(v);
    }
    return "must be between " + min + " and " + max + ", got " + describe(v);
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** A value as shown in messages: strings quoted (shortened), containers by kind. */
  static String describe(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      String s = v.textValue();
      if (s.length() > MAX_SHOWN) {
        s = s.substring(0, MAX_SHOWN) + "...";
      }
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
    if (v.isNumber() || v.isBoolean()) {
      return v.asText();
    }
    return kind(v);
  }

  /** The kind of a value, without the value. */
  static String kind(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isObject()) {
      return "an object";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    return v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }
}
