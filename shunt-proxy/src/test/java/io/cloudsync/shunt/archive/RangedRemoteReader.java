package io.cloudsync.shunt.archive;

import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.shunt.ByteArrayPublisher;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.swift.SwiftPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One archived object served as S3 serves it to the reader: {@code If-Match}/{@code If-None-Match}
 * on its ETag, a single {@code bytes=a-b} range as a 206, anything else in {@code Range} ignored
 * (the whole object, as S3 answers several ranges). Every read is recorded.
 */
final class RangedRemoteReader implements RemoteReader {
  private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

  /** One read as the reader got it. */
  record Read(boolean head, Map<String, String> conditions) {}

  final List<Read> reads = new CopyOnWriteArrayList<>();
  private final byte[] data;
  /** The current version's ETag; a test changes it to stand for an overwrite. */
  volatile String etag = "644be06dfc54061fd1e67f5ebbabcd58";

  RangedRemoteReader(byte[] data) {
    this.data = data.clone();
  }

  @Override
  public CompletionStage<ReadResponse> read(SwiftPath path, boolean head, Map<String, String> conditions) {
    reads.add(new Read(head, Map.copyOf(conditions)));
    List<Map.Entry<String, String>> headers = new ArrayList<>(List.of(Map.entry("Content-Type", "text/x-probe"),
        Map.entry("Etag", etag), Map.entry("Last-Modified", "Mon, 07 Dec 2026 19:12:13 GMT"),
        Map.entry("X-Object-Meta-Color", "blue"), Map.entry("Accept-Ranges", "bytes")));
    String ifMatch = conditions.get("If-Match");
    if (etag.equals(conditions.get("If-None-Match"))) {
      return answer(new ReadResponse(304, headers, null));
    }
    if (ifMatch != null && !ifMatch.equals(etag)) {
      return answer(new ReadResponse(412, List.of(), null, null, "PreconditionFailed"));
    }
    Matcher m = ONE_RANGE.matcher(conditions.getOrDefault("Range", ""));
    if (m.matches() && Long.parseLong(m.group(1)) < data.length) {
      int first = Integer.parseInt(m.group(1));
      int end = (int) Math.min(Long.parseLong(m.group(2)) + 1, data.length);
      headers.add(Map.entry("Content-Range", "bytes " + first + "-" + (end - 1) + "/" + data.length));
      headers.add(Map.entry("Content-Length", Integer.toString(end - first)));
      return answer(new ReadResponse(206, headers, head ? null
          : new ByteArrayPublisher(Arrays.copyOfRange(data, first, end))));
    }
    headers.add(Map.entry("Content-Length", Integer.toString(data.length)));
    return answer(new ReadResponse(200, headers, head ? null : new ByteArrayPublisher(data)));
  }

  private static CompletionStage<ReadResponse> answer(ReadResponse response) {
    return CompletableFuture.completedFuture(response);
  }

  /** The GETs' {@code Range} headers, in order. */
  List<String> rangesRead() {
    return reads.stream().filter(r -> !r.head()).map(r -> r.conditions().get("Range")).toList();
  }

  @Override
  public CompletionStage<Optional<SloManifest>> manifest(SwiftPath path) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  @Override
  public CompletionStage<ListingPage> list(String account, String container, ListingQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String contentLocation(String account, String container) {
    return "ranged";
  }

  @Override
  public String describe() {
    return "ranged";
  }

  @Override
  public void close() {}
}
