package io.cloudsync.store.gcs;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * A client's {@code If-*} headers judged against an object's ETag and modification time as HTTP
 * (RFC 9110 §13.2.2) and Swift order them: {@code If-Match}, else {@code If-Unmodified-Since}
 * (412); then {@code If-None-Match}, else {@code If-Modified-Since} (304). The GCS JSON API has
 * only generation preconditions, so the reader evaluates the client's conditions itself from the
 * object's resource and then reads that very generation.
 */
record GcsConditions(String ifMatch, String ifNoneMatch, Instant ifModifiedSince, Instant ifUnmodifiedSince) {
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  static GcsConditions of(Map<String, String> headers) {
    String ifMatch = null;
    String ifNoneMatch = null;
    Instant modified = null;
    Instant unmodified = null;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String value = h.getValue();
      if (value == null || value.isBlank()) {
        continue;
      }
      switch (h.getKey().toLowerCase(Locale.ROOT)) {
        case "if-match" -> ifMatch = value.strip();
        case "if-none-match" -> ifNoneMatch = value.strip();
        case "if-modified-since" -> modified = httpDate(value);
        case "if-unmodified-since" -> unmodified = httpDate(value);
        default -> { }
      }
    }
    return new GcsConditions(ifMatch, ifNoneMatch, modified, unmodified);
  }

  /** 200 when the read goes ahead, else 412 or 304. */
  int status(String etag, Instant lastModified) {
    Instant seconds = lastModified == null ? null : lastModified.truncatedTo(ChronoUnit.SECONDS);
    if (ifMatch != null) {
      if (!matches(ifMatch, etag)) {
        return 412;
      }
    } else if (ifUnmodifiedSince != null && seconds != null && seconds.isAfter(ifUnmodifiedSince)) {
      return 412;
    }
    if (ifNoneMatch != null) {
      if (matches(ifNoneMatch, etag)) {
        return 304;
      }
    } else if (ifModifiedSince != null && seconds != null && !seconds.isAfter(ifModifiedSince)) {
      return 304;
    }
    return 200;
  }

  /** A list of ETags (quoted, bare or weak) or {@code *} against the object's ETag. */
  static boolean matches(String list, String etag) {
    for (String token : list.split(",")) {
      String t = token.strip();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      if (!t.isEmpty() && t.equalsIgnoreCase(etag)) {
        return true;
      }
    }
    return false;
  }

  /** An invalid date is ignored, as HTTP says (and Swift does). */
  private static Instant httpDate(String value) {
    try {
      return ZonedDateTime.parse(value.strip(), HTTP_DATE).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
