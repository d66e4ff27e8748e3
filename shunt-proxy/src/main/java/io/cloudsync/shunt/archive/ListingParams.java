package io.cloudsync.shunt.archive;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query of a container listing request, read the way Swift 2.30 reads it: the last value of a
 * repeated parameter wins ({@code dict(parse_qsl(...))}), {@code +} is a space, {@code limit}
 * counts only when it is all digits, {@code reverse} is a Swift "true" value, and the output
 * format comes from {@code format=} or else from the {@code Accept} header
 * ({@code listing_formats.get_listing_content_type} with swob's {@code Accept.best_match}).
 *
 * @param contentType {@code text/plain}, {@code application/json}, {@code application/xml} or
 *     {@code text/xml}; empty when Swift would refuse the request (bad or unacceptable
 *     {@code Accept}), in which case the request goes to Swift unchanged
 * @param formatGiven the query had a non-empty {@code format}, so Swift adds no {@code Vary: Accept}
 */
public record ListingParams(
    Optional<String> contentType,
    boolean formatGiven,
    String prefix,
    String delimiter,
    String marker,
    String endMarker,
    Integer limit,
    boolean reverse) {

  /** Swift's listing types in the order {@code listing_formats} offers them. */
  static final List<String> OFFERS = List.of("text/plain", "application/json", "application/xml", "text/xml");

  private static final Map<String, String> FORMATS = Map.of(
      "plain", "text/plain", "json", "application/json", "xml", "application/xml");
  private static final String TOKEN = "[^()<>@,;:\\\\\"/\\[\\]?={}\\x00-\\x20\\x7f]+";
  private static final String QUOTED = "\"(?:[^\"]|(?:\\\\.))*\"";
  private static final String EXTENSION = "(?:\\s*;\\s*(?:" + TOKEN + ")\\s*=\\s*(?:" + TOKEN + "|" + QUOTED + "))";
  private static final Pattern ACCEPT = Pattern.compile("^\\s*(" + TOKEN + ")/(" + TOKEN + ")(" + EXTENSION + "*?\\s*)$");
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /** True when the listing is JSON: the format the shunt asks Swift for. */
  public boolean isJson() {
    return contentType.map("application/json"::equals).orElse(false);
  }

  /**
   * @param uri the request target (path and query, percent-encoded)
   * @param accept the request's {@code Accept} header, or null
   */
  public static ListingParams parse(String uri, String accept) {
    Map<String, List<String>> params = new QueryStringDecoder(uri, StandardCharsets.UTF_8).parameters();
    String format = last(params, "format");
    Optional<String> type;
    if (format != null && !format.isEmpty()) {
      type = bestMatch(FORMATS.getOrDefault(format.toLowerCase(Locale.ROOT), "text/plain"));
    } else {
      type = bestMatch(accept);
    }
    String limitText = last(params, "limit");
    Integer limit = limitText != null && DIGITS.matcher(limitText).matches() && limitText.length() < 10
        ? Integer.valueOf(limitText) : null;
    String reverse = last(params, "reverse");
    return new ListingParams(type, format != null && !format.isEmpty(),
        orEmpty(last(params, "prefix")), emptyToNull(last(params, "delimiter")),
        orEmpty(last(params, "marker")), orEmpty(last(params, "end_marker")), limit,
        reverse != null && List.of("true", "1", "yes", "on", "t", "y").contains(reverse.toLowerCase(Locale.ROOT)));
  }

  /**
   * The request target to send to Swift: the client's, with {@code format=json} instead of any
   * {@code format} parameter (other parameters keep their encoding and order).
   */
  public static String jsonUri(String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    List<String> kept = new ArrayList<>();
    if (q >= 0) {
      for (String pair : uri.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = QueryStringDecoder.decodeComponent(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        if (!name.equals("format")) {
          kept.add(pair);
        }
      }
    }
    kept.add("format=json");
    return path + "?" + String.join("&", kept);
  }

  /**
   * swob's {@code Accept.best_match} over {@link #OFFERS}: an absent or empty header takes the
   * first offer; media ranges are tried by quality (then specific before wildcard, then header
   * order) and the first offer a range matches wins, even at {@code q=0} (as swob does). Empty when
   * the header is malformed or nothing matches (Swift answers 400 or 406 then).
   */
  static Optional<String> bestMatch(String header) {
    if (header == null || header.isEmpty()) {
      return Optional.of(OFFERS.get(0));
    }
    record Range(String type, String subtype, double quality, boolean specific) {}
    List<Range> ranges = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      Matcher m = ACCEPT.matcher(part);
      if (!m.find()) {
        return Optional.empty();
      }
      double quality = 1.0;
      boolean seenQ = false;
      for (String param : m.group(3).split(";")) {
        String p = param.strip();
        if (p.isEmpty()) {
          continue;
        }
        String[] nv = p.split("=", -1);
        if (nv.length != 2) {
          return Optional.empty();
        }
        if (nv[0].strip().equals("q")) {
          if (seenQ) {
            return Optional.empty();
          }
          seenQ = true;
          try {
            quality = Double.parseDouble(nv[1].strip());
          } catch (NumberFormatException e) {
            return Optional.empty();
          }
        }
      }
      String type = m.group(1);
      String subtype = m.group(2);
      ranges.add(new Range(type, subtype, quality, !type.equals("*") && !subtype.equals("*")));
    }
    ranges.sort(Comparator.comparingDouble(Range::quality).thenComparing(Range::specific,
        Comparator.comparing(b -> b ? 1 : 0)).reversed());
    for (Range r : ranges) {
      for (String offer : OFFERS) {
        int slash = offer.indexOf('/');
        String type = offer.substring(0, slash);
        String subtype = offer.substring(slash + 1);
        if ((r.type().equals("*") || r.type().equals(type)) && (r.subtype().equals("*") || r.subtype().equals(subtype))) {
          return Optional.of(offer);
        }
      }
    }
    return Optional.empty();
  }

  private static String last(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
