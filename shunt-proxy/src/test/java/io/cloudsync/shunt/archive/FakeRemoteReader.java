package io.cloudsync.shunt.archive;

import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.swift.SwiftPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory bucket listed like S3's ListObjects: names after the marker with the prefix, rolled
 * up at the delimiter (a common prefix counts as one key), at most {@code limit} per page; the next
 * marker is the last key or prefix returned (so, like some S3 clones, a prefix can come again on
 * the next page).
 */
final class FakeRemoteReader implements RemoteReader {
  final TreeSet<String> names = new TreeSet<>(RemoteReader::compareNames);
  final AtomicInteger listCalls = new AtomicInteger();
  /** Answers to {@link #read} by object name (each body read once); other reads fail. */
  final Map<String, ReadResponse> reads = new ConcurrentHashMap<>();
  /** SLO manifests by object name. */
  final Map<String, SloManifest> manifests = new ConcurrentHashMap<>();
  volatile boolean fail;
  volatile boolean stuck;
  /** Declares {@link StoreFeature#REVERSE_LISTING} and lists descending when asked (no delimiter). */
  volatile boolean reverseListing;

  FakeRemoteReader(String... names) {
    this.names.addAll(List.of(names));
  }

  @Override
  public CompletionStage<ReadResponse> read(SwiftPath path, boolean head, Map<String, String> conditions) {
    ReadResponse answer = reads.get(path.object());
    return answer == null ? CompletableFuture.failedFuture(new UnsupportedOperationException())
        : CompletableFuture.completedFuture(answer);
  }

  @Override
  public CompletionStage<Optional<SloManifest>> manifest(SwiftPath path) {
    if (fail) {
      return CompletableFuture.failedFuture(new IllegalStateException("remote down"));
    }
    return CompletableFuture.completedFuture(Optional.ofNullable(manifests.get(path.object())));
  }

  @Override
  public Set<StoreFeature> features() {
    return reverseListing ? Set.of(StoreFeature.REVERSE_LISTING) : Set.of();
  }

  @Override
  public CompletionStage<ListingPage> list(String account, String container, ListingQuery query) {
    listCalls.incrementAndGet();
    if (fail) {
      return CompletableFuture.failedFuture(new IllegalStateException("remote down"));
    }
    if (query.reverse()) {
      return CompletableFuture.completedFuture(descending(query));
    }
    List<ListingEntry> page = new ArrayList<>();
    String last = null;
    boolean truncated = false;
    for (String name : names) {
      if (!name.startsWith(query.prefix()) || (!query.marker().isEmpty() && RemoteReader.compareNames(name, query.marker()) <= 0)) {
        continue;
      }
      ListingEntry entry = ListingEntry.object(name, "h-" + name, name.length(), Instant.EPOCH);
      if (query.delimiter() != null) {
        int at = name.indexOf(query.delimiter(), query.prefix().length());
        if (at >= 0) {
          String dir = name.substring(0, at + query.delimiter().length());
          if (dir.equals(last)) {
            continue;
          }
          entry = ListingEntry.subdir(dir);
        }
      }
      if (page.size() == query.limit()) {
        truncated = true;
        break;
      }
      page.add(entry);
      last = entry.key();
    }
    String next = truncated ? (stuck ? query.marker() : last) : null;
    return CompletableFuture.completedFuture(new ListingPage(page, truncated, next));
  }

  private ListingPage descending(ListingQuery query) {
    if (!reverseListing || query.delimiter() != null) {
      throw new IllegalArgumentException("no reverse listing here");
    }
    List<ListingEntry> page = new ArrayList<>();
    for (String name : names.descendingSet()) {
      if (!name.startsWith(query.prefix()) || (!query.marker().isEmpty() && RemoteReader.compareNames(name, query.marker()) >= 0)) {
        continue;
      }
      if (page.size() == query.limit()) {
        return new ListingPage(page, true, page.get(page.size() - 1).key());
      }
      page.add(ListingEntry.object(name, "h-" + name, name.length(), Instant.EPOCH));
    }
    return new ListingPage(page, false, null);
  }

  @Override
  public String contentLocation(String account, String container) {
    return "fake;bucket;" + account + "/" + container + "/";
  }

  @Override
  public String describe() {
    return "fake";
  }

  @Override
  public void close() {}
}
