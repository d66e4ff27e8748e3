package io.cloudsync.store;

import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.swift.SwiftPath;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The read side of a remote store, for serving archived objects back through Swift (the shunt):
 * conditional and ranged object reads that return the remote answer as it is (status, headers,
 * streamed body), and listings in Swift terms. Like {@link RemoteStore}, callers speak only in
 * local Swift names; the reader owns the key naming.
 *
 * <p>Every method returns at once and completes later on a thread of the reader's own; callers may
 * be event-loop threads that must not block. Implementations are thread-safe.
 */
public interface RemoteReader extends AutoCloseable {

  /** Request headers passed to the remote store on reads (compared case-insensitively). */
  List<String> CONDITIONAL_HEADERS = List.of("Range", "If-Match", "If-None-Match", "If-Modified-Since",
      "If-Unmodified-Since");

  /**
   * Reads one object ({@code GET}, or {@code HEAD} when {@code head}). Completes with the remote
   * answer whatever its status: 200/206 with the object, or an error status (304, 404, 412, 416,
   * 403…) with the remote error headers and body. Completes exceptionally with a
   * {@link StoreException} only when no answer could be had (connection refused, timeout, a
   * reply that is not HTTP).
   *
   * @param conditions the client's {@link #CONDITIONAL_HEADERS} (others are ignored); values as
   *     sent on the wire
   */
  CompletionStage<ReadResponse> read(SwiftPath path, boolean head, Map<String, String> conditions);

  /**
   * The Static Large Object manifest the sync stored beside an archived SLO (swift-s3-sync's
   * {@code .manifests} copy: Swift's stored JSON format), so a restore can rebuild the segments.
   * Completes empty when the store holds no manifest for the object; exceptionally with a
   * {@link StoreException} when it could not be read or is not a valid manifest.
   */
  CompletionStage<Optional<SloManifest>> manifest(SwiftPath path);

  /**
   * One page of the remote listing of a container, in Swift terms: names without the store's key
   * prefix, ascending in code point (UTF-8 byte) order (descending for a reverse query), object
   * entries and, with a delimiter, subdir entries rolled up as S3 and Swift do.
   *
   * @throws IllegalArgumentException (at once) for a reverse query to a reader without
   *     {@link StoreFeature#REVERSE_LISTING}
   */
  CompletionStage<ListingPage> list(String account, String container, ListingQuery query);

  /**
   * The {@code content_location} remote listing entries carry, e.g.
   * {@code http://s3.example.com;bucket;5dcc3/AUTH_test/archive/} (upstream's format).
   */
  String contentLocation(String account, String container);

  /** A short description for log lines, never a secret. */
  String describe();

  /**
   * The headers of a remote container as its store answers a container HEAD (for a Swift source:
   * {@code X-Container-Meta-*}, {@code X-Container-Read}/{@code -Write}, values as received), so a
   * migration can carry a container's metadata and ACLs over. Completes empty when the container
   * does not exist or the store has no such headers (S3, GCS: the default).
   */
  default CompletionStage<Optional<List<Map.Entry<String, String>>>> containerHeaders(String account,
      String container) {
    return java.util.concurrent.CompletableFuture.completedFuture(Optional.empty());
  }

  /** What this reader can do beyond the operations every reader has. */
  default Set<StoreFeature> features() {
    return Set.of();
  }

  /**
   * Only for readers with {@link StoreFeature#DIRECT_GET}: the GET of {@code path}'s remote copy as
   * a plain HTTP request (signed if the backend needs it) that the caller sends on a connection of
   * its own, or empty when there is none to send (the name cannot have been stored: answer as for a
   * missing object). A 200 or 206 answer's headers go through {@link #directAnswerHeaders}; for any
   * other answer the caller reads again through {@link #read}, which explains errors.
   *
   * @param conditions the client's {@link #CONDITIONAL_HEADERS}
   */
  default Optional<DirectGet> directGet(SwiftPath path, Map<String, String> conditions) {
    return Optional.empty();
  }

  /** The headers of a direct GET's 200/206 answer in Swift terms, as {@link ReadResponse#headers}. */
  default List<Map.Entry<String, String>> directAnswerHeaders(List<Map.Entry<String, String>> answerHeaders) {
    return answerHeaders;
  }

  @Override
  void close();

  /**
   * Orders names as Swift's container DBs and S3 do: by Unicode code point (the order of their
   * UTF-8 bytes), which differs from {@link String#compareTo} for characters beyond U+FFFF.
   */
  static int compareNames(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /**
   * A remote answer to a read, in Swift terms: what the shunt sends a Swift client, less the
   * hop-by-hop headers and its own.
   *
   * @param status the remote HTTP status
   * @param headers the answer's headers as Swift would send them for the object: {@code Etag}
   *     unquoted, {@code Content-Type}, {@code Content-Length}, {@code Content-Range},
   *     {@code Last-Modified}, user metadata as {@code X-Object-Meta-*} with values unquoted (as
   *     UTF-8 bytes, one char per byte, as Swift sends them), {@code X-Object-Manifest},
   *     {@code X-Static-Large-Object}, and the backend's request ids as {@code Remote-*}
   * @param body the body, or null for none (HEAD, 304, an error status); the caller must either
   *     subscribe to it (and read it to the end or cancel) or call {@link #discard()}, so the
   *     connection behind it is released
   * @param sloEtag for an archived SLO, the manifest ETag the sync recorded (lower case), or null
   * @param errorDetail for an error status, the remote's own explanation for the log (its error
   *     code and message, never signing details), or null
   */
  record ReadResponse(int status, List<Map.Entry<String, String>> headers, Flow.Publisher<ByteBuffer> body,
      String sloEtag, String errorDetail) {
    public ReadResponse {
      headers = List.copyOf(headers);
    }

    /** A plain answer: no SLO bookkeeping, no error detail. */
    public ReadResponse(int status, List<Map.Entry<String, String>> headers, Flow.Publisher<ByteBuffer> body) {
      this(status, headers, body, null, null);
    }

    /** The first value of a header (case-insensitive), or null. */
    public String header(String name) {
      for (Map.Entry<String, String> h : headers) {
        if (h.getKey().equalsIgnoreCase(name)) {
          return h.getValue();
        }
      }
      return null;
    }

    /** Releases the body without reading it. */
    public void discard() {
      DiscardingSubscriber.discard(body);
    }
  }

  /**
   * What to list.
   *
   * @param prefix names start with this (may be empty)
   * @param delimiter roll names up at the first delimiter after the prefix, or null
   * @param marker names (and subdirs) after this one (before it when {@code reverse}), or empty for
   *     the start
   * @param limit at most this many entries (object and subdir entries together; 1 to 1000)
   * @param reverse descending name order; only for readers with {@link StoreFeature#REVERSE_LISTING}
   */
  record ListingQuery(String prefix, String delimiter, String marker, int limit, boolean reverse) {
    public ListingQuery {
      prefix = prefix == null ? "" : prefix;
      marker = marker == null ? "" : marker;
      if (delimiter != null && delimiter.isEmpty()) {
        delimiter = null;
      }
      if (limit < 1 || limit > 1000) {
        throw new IllegalArgumentException("limit must be 1 to 1000, not " + limit);
      }
    }

    /** An ascending listing. */
    public ListingQuery(String prefix, String delimiter, String marker, int limit) {
      this(prefix, delimiter, marker, limit, false);
    }
  }

  /**
   * One listing entry in Swift terms: an object ({@code name} set) or a rolled-up prefix
   * ({@code subdir} set, every other field null/0).
   *
   * @param name object name
   * @param subdir rolled-up prefix ending with the delimiter
   * @param hash ETag without quotes (a multipart ETag keeps its {@code -N})
   * @param bytes size
   * @param lastModified remote modification time
   */
  record ListingEntry(String name, String subdir, String hash, long bytes, Instant lastModified) {
    public ListingEntry {
      if ((name == null) == (subdir == null)) {
        throw new IllegalArgumentException("exactly one of name and subdir");
      }
    }

    public static ListingEntry object(String name, String hash, long bytes, Instant lastModified) {
      return new ListingEntry(Objects.requireNonNull(name, "name"), null, hash, bytes, lastModified);
    }

    public static ListingEntry subdir(String subdir) {
      return new ListingEntry(null, Objects.requireNonNull(subdir, "subdir"), null, 0, null);
    }

    /** The name or the subdir: what listings are sorted and compared by. */
    public String key() {
      return name != null ? name : subdir;
    }

    public boolean isSubdir() {
      return subdir != null;
    }
  }

  /**
   * A page of a listing.
   *
   * @param entries in ascending order
   * @param truncated more entries may follow
   * @param nextMarker where the next page starts (Swift terms), or null when not truncated; may
   *     be past the last entry (the remote store can skip keys it does not list)
   */
  record ListingPage(List<ListingEntry> entries, boolean truncated, String nextMarker) {
    public ListingPage {
      entries = List.copyOf(entries);
    }
  }
}
