package io.cloudsync.shunt.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.config.ListingDuplicates;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.RemoteReader.ListingEntry;
import io.cloudsync.store.RemoteReader.ListingPage;
import io.cloudsync.store.RemoteReader.ListingQuery;
import io.cloudsync.store.StoreFeature;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Splices remote entries into one page of Swift's listing, with Swift's semantics for
 * {@code prefix}, {@code delimiter}, {@code marker}, {@code end_marker}, {@code limit} and
 * {@code reverse} (as swift-s3-sync's shunt, without its bugs):
 * <ul>
 *   <li>Forward: remote pages are read from {@code marker} (S3 {@code MaxKeys} ≤ 1000 each) until
 *       the spliced page is certainly complete: {@code limit} entries up to the last remote name,
 *       the remote side is exhausted, or it has passed {@code end_marker}.</li>
 *   <li>Reverse, from a reader with {@link StoreFeature#REVERSE_LISTING}: remote pages are read
 *       descending from {@code marker} until {@code limit} entries, the remote side is exhausted
 *       or it has reached {@code end_marker}.</li>
 *   <li>Reverse, from any other reader (S3 lists only ascending): the remote range between
 *       {@code end_marker} and {@code marker} is read ascending keeping its last {@code limit}
 *       entries (bounded by {@link ArchiveSettings#maxReverseScan}).</li>
 *   <li>A name in both places is listed once, the local entry winning
 *       ({@link ListingDuplicates#ONCE}), or remote then local ({@link ListingDuplicates#UPSTREAM}).</li>
 * </ul>
 * Local entries keep Swift's JSON as is; remote objects become
 * {@code {"bytes", "hash", "name", "content_type": "application/octet-stream", "last_modified",
 * "content_location"}} and remote subdirs {@code {"subdir", "content_location"}}.
 */
final class ListingMerge {
  private static final DateTimeFormatter SWIFT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
  private static final Comparator<String> ASCENDING = RemoteReader::compareNames;

  /** One listing entry: a local JSON object, or a remote entry. */
  record Entry(String key, ObjectNode json, boolean remote) {}

  /** The remote range of a reverse listing is larger than {@link ArchiveSettings#maxReverseScan}. */
  static final class ScanLimitException extends Exception {
    ScanLimitException(String message) {
      super(message, null, false, false);
    }
  }

  /** Result: the merged page and how many remote entries it holds. */
  record Result(List<ObjectNode> entries, int remoteEntries) {}

  private final RemoteReader reader;
  private final String account;
  private final String container;
  private final ListingParams params;
  private final List<Entry> local;
  private final int limit;
  private final ListingDuplicates duplicates;
  private final ArchiveSettings settings;
  private final Comparator<String> order;
  private String contentLocation;

  ListingMerge(RemoteReader reader, String account, String container, ListingParams params, List<ObjectNode> local,
      int limit, ListingDuplicates duplicates, ArchiveSettings settings) {
    this.reader = reader;
    this.account = account;
    this.container = container;
    this.params = params;
    this.local = new ArrayList<>(local.size());
    for (ObjectNode node : local) {
      this.local.add(new Entry(keyOf(node), node, false));
    }
    this.limit = limit;
    this.duplicates = duplicates;
    this.settings = settings;
    this.order = params.reverse() ? ASCENDING.reversed() : ASCENDING;
  }

  /** The name, or the subdir, of a Swift JSON listing entry; null when it has neither. */
  static String keyOf(JsonNode node) {
    JsonNode name = node.get("name");
    if (name != null && name.isTextual()) {
      return name.textValue();
    }
    JsonNode subdir = node.get("subdir");
    return subdir != null && subdir.isTextual() ? subdir.textValue() : null;
  }

  CompletionStage<Result> run() {
    if (limit <= 0) {
      return CompletableFuture.completedFuture(new Result(List.of(), 0));
    }
    CompletionStage<List<Entry>> remote;
    if (!params.reverse()) {
      remote = forward(params.marker(), new ArrayList<>());
    } else if (reader.features().contains(StoreFeature.REVERSE_LISTING)) {
      remote = descending(params.marker(), new ArrayList<>());
    } else {
      remote = scanReverse(params.endMarker(), new ArrayDeque<>(), 0);
    }
    return remote.thenApply(this::merge);
  }

  /** Local entries only (when the remote side failed). */
  Result localOnly() {
    return merge(List.of());
  }

  private Result merge(List<Entry> remote) {
    List<ObjectNode> out = new ArrayList<>(Math.min(limit, local.size() + remote.size()));
    int remoteCount = 0;
    int i = 0;
    int j = 0;
    while (out.size() < limit && (i < local.size() || j < remote.size())) {
      if (j >= remote.size()) {
        out.add(local.get(i++).json());
        continue;
      }
      if (i >= local.size()) {
        out.add(remote.get(j++).json());
        remoteCount++;
        continue;
      }
      int c = order.compare(remote.get(j).key(), local.get(i).key());
      if (c < 0) {
        out.add(remote.get(j++).json());
        remoteCount++;
      } else if (c > 0) {
        out.add(local.get(i++).json());
      } else if (duplicates == ListingDuplicates.UPSTREAM) {
        out.add(remote.get(j++).json());
        remoteCount++;
        if (out.size() < limit) {
          out.add(local.get(i++).json());
        }
      } else {
        out.add(local.get(i++).json());
        j++;
      }
    }
    return new Result(out, remoteCount);
  }

  // ---------------------------------------------------------------- forward

  private CompletionStage<List<Entry>> forward(String cursor, List<Entry> remote) {
    return reader.list(account, container, query(cursor)).thenCompose(page -> {
      for (ListingEntry e : page.entries()) {
        if (acceptForward(e) && (remote.isEmpty() || ASCENDING.compare(e.key(), remote.get(remote.size() - 1).key()) > 0)) {
          remote.add(toEntry(e)); // (a store that repeats a common prefix on the next page lists it once)
        }
      }
      if (continues(page, cursor) && !pastForwardEnd(page.nextMarker()) && !pageComplete(remote)) {
        return forward(page.nextMarker(), remote);
      }
      return CompletableFuture.completedFuture(remote);
    });
  }

  private boolean acceptForward(ListingEntry e) {
    String key = e.key();
    String marker = params.marker();
    String end = params.endMarker();
    boolean afterMarker = e.isSubdir() ? !key.equals(marker) : marker.isEmpty() || ASCENDING.compare(key, marker) > 0;
    return afterMarker && (end.isEmpty() || ASCENDING.compare(key, end) < 0);
  }

  private boolean pastForwardEnd(String next) {
    return !params.endMarker().isEmpty() && ASCENDING.compare(next, params.endMarker()) >= 0;
  }

  /**
   * True when the spliced page cannot change any more: it already holds {@code limit} entries whose
   * names are at most the last remote name read (later remote names sort after all of them).
   */
  private boolean pageComplete(List<Entry> remote) {
    if (remote.isEmpty()) {
      return false;
    }
    if (remote.size() >= limit) {
      return true;
    }
    String last = remote.get(remote.size() - 1).key();
    int count = 0;
    int i = 0;
    int j = 0;
    while (true) {
      boolean localLeft = i < local.size() && ASCENDING.compare(local.get(i).key(), last) <= 0;
      boolean remoteLeft = j < remote.size();
      if (!localLeft && !remoteLeft) {
        break;
      }
      if (!localLeft) {
        j++;
      } else if (!remoteLeft) {
        i++;
      } else {
        int c = ASCENDING.compare(remote.get(j).key(), local.get(i).key());
        if (c < 0) {
          j++;
        } else if (c > 0) {
          i++;
        } else {
          i++;
          j++;
          if (duplicates == ListingDuplicates.UPSTREAM) {
            count++;
          }
        }
      }
      if (++count >= limit) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- reverse

  /** Descending pages from {@code cursor}: the reader lists in reverse itself. */
  private CompletionStage<List<Entry>> descending(String cursor, List<Entry> remote) {
    return reader.list(account, container, new ListingQuery(params.prefix(), params.delimiter(), cursor,
        settings.listingPageSize(), true)).thenCompose(page -> {
          boolean reachedEnd = false;
          for (ListingEntry e : page.entries()) {
            String lower = params.endMarker();
            if (!lower.isEmpty() && ASCENDING.compare(e.key(), lower) <= 0) {
              reachedEnd = true;
              break;
            }
            if (acceptReverse(e)
                && (remote.isEmpty() || ASCENDING.compare(e.key(), remote.get(remote.size() - 1).key()) < 0)) {
              remote.add(toEntry(e));
            }
          }
          boolean moves = page.truncated() && page.nextMarker() != null && !page.nextMarker().isEmpty()
              && (cursor.isEmpty() || ASCENDING.compare(page.nextMarker(), cursor) < 0);
          if (!reachedEnd && moves && remote.size() < limit) {
            return descending(page.nextMarker(), remote);
          }
          return CompletableFuture.completedFuture(remote);
        });
  }

  private CompletionStage<List<Entry>> scanReverse(String cursor, ArrayDeque<Entry> tail, int scanned) {
    return reader.list(account, container, query(cursor)).thenCompose(page -> {
      for (ListingEntry e : page.entries()) {
        if (acceptReverse(e) && (tail.isEmpty() || ASCENDING.compare(e.key(), tail.peekLast().key()) > 0)) {
          tail.addLast(toEntry(e));
          if (tail.size() > limit) {
            tail.removeFirst();
          }
        }
      }
      int total = scanned + page.entries().size();
      boolean more = continues(page, cursor)
          && (params.marker().isEmpty() || ASCENDING.compare(page.nextMarker(), params.marker()) < 0);
      if (more && total >= settings.maxReverseScan()) {
        return CompletableFuture.failedFuture(new ScanLimitException("a reverse listing of " + account + "/"
            + container + " would read more than " + settings.maxReverseScan() + " remote keys"));
      }
      if (more) {
        return scanReverse(page.nextMarker(), tail, total);
      }
      List<Entry> descending = new ArrayList<>(tail.size());
      tail.descendingIterator().forEachRemaining(descending::add);
      return CompletableFuture.completedFuture(descending);
    });
  }

  /** In a reverse listing {@code marker} is the upper bound and {@code end_marker} the lower one. */
  private boolean acceptReverse(ListingEntry e) {
    String key = e.key();
    String lower = params.endMarker();
    String upper = params.marker();
    boolean aboveLower = e.isSubdir() ? !key.equals(lower) : lower.isEmpty() || ASCENDING.compare(key, lower) > 0;
    return aboveLower && (upper.isEmpty() || ASCENDING.compare(key, upper) < 0);
  }

  // ---------------------------------------------------------------- helpers

  private ListingQuery query(String cursor) {
    return new ListingQuery(params.prefix(), params.delimiter(), cursor, settings.listingPageSize());
  }

  /** The page says more follows, and the cursor moves forward (a server that repeats itself is not followed). */
  private static boolean continues(ListingPage page, String cursor) {
    return page.truncated() && page.nextMarker() != null && !page.nextMarker().isEmpty()
        && (cursor == null || cursor.isEmpty() || ASCENDING.compare(page.nextMarker(), cursor) > 0);
  }

  private Entry toEntry(ListingEntry e) {
    if (contentLocation == null) {
      contentLocation = reader.contentLocation(account, container);
    }
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    if (e.isSubdir()) {
      json.put("subdir", e.subdir());
    } else {
      json.put("bytes", e.bytes());
      json.put("hash", e.hash());
      json.put("name", e.name());
      json.put("content_type", "application/octet-stream");
      json.put("last_modified", e.lastModified() == null ? "" : SWIFT_TIME.format(e.lastModified()));
    }
    json.put("content_location", contentLocation);
    return new Entry(e.key(), json, true);
  }
}
