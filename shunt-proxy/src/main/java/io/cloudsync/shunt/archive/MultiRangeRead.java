package io.cloudsync.shunt.archive;

import io.cloudsync.shunt.ArchiveHeaders;
import io.cloudsync.shunt.ArchiveRequest;
import io.cloudsync.shunt.ShuntResponse;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.swift.SwiftPath;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An archived object's {@code GET} with several byte ranges, answered as Swift answers it for a
 * local object ({@code swob.Response}); remote stores cannot (S3 serves one range per request and
 * answers several with the whole object). A {@code HEAD} with the client's conditions answers them
 * (304, 412, 404…) and gives the object's length; then no satisfiable range, or an egregious set,
 * is a 416 with {@code Content-Range: bytes *}{@code /N}; one range is read as any single range;
 * several are a {@code 206 multipart/byteranges} whose ranges are read from the remote one at a
 * time as the body streams, each pinned with {@code If-Match} to the version the {@code HEAD} saw.
 */
final class MultiRangeRead {
  private static final Logger log = LoggerFactory.getLogger(MultiRangeRead.class);

  private final RemoteReader reader;
  /** Reads a request without several ranges, as the archive reader does. */
  private final Function<ArchiveRequest, CompletionStage<ShuntResponse>> plainRead;
  /** The client's answer to a remote answer other than 200, as the archive reader gives it. */
  private final BiFunction<ArchiveRequest, RemoteReader.ReadResponse, CompletionStage<ShuntResponse>> respond;

  MultiRangeRead(RemoteReader reader, Function<ArchiveRequest, CompletionStage<ShuntResponse>> plainRead,
      BiFunction<ArchiveRequest, RemoteReader.ReadResponse, CompletionStage<ShuntResponse>> respond) {
    this.reader = reader;
    this.plainRead = plainRead;
    this.respond = respond;
  }

  /** The same request with {@code Range} set to {@code range}, or without one when it is null. */
  static ArchiveRequest withRange(ArchiveRequest request, String range) {
    HttpHeaders headers = request.requestHeaders().copy();
    if (range == null) {
      headers.remove("Range");
    } else {
      headers.set("Range", range);
    }
    return new ArchiveRequest(request.method(), request.uri(), request.path(), request.route(), headers,
        request.swiftHeaders(), request.dialer());
  }

  /** @param conditions the client's conditional headers and its {@code Range} */
  CompletionStage<ShuntResponse> read(ArchiveRequest request, RangeHeader ranges, Map<String, String> conditions) {
    Map<String, String> unranged = new LinkedHashMap<>(conditions);
    unranged.keySet().removeIf(name -> name.equalsIgnoreCase("Range"));
    return reader.read(request.path(), true, unranged).handle((head, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        log.warn("cannot read archived {} from {}: {}", request.path(), reader.describe(), cause.getMessage());
        throw new CompletionException(cause);
      }
      return answer(request, ranges, head);
    }).thenCompose(response -> response);
  }

  private CompletionStage<ShuntResponse> answer(ArchiveRequest request, RangeHeader ranges,
      RemoteReader.ReadResponse head) {
    if (head.status() != 200) {
      return respond.apply(request, head);
    }
    head.discard();
    long length = length(head);
    if (length < 0) {
      return plainRead.apply(withRange(request, null));
    }
    List<ByteRange> satisfiable = ranges.satisfiable(length);
    HttpHeaders headers = ArchiveHeaders.forClient(head.headers(), request.swiftHeaders());
    if (satisfiable.isEmpty()) {
      headers.set("Content-Range", "bytes */" + length);
      return CompletableFuture.completedFuture(RemoteError.answer(416, headers));
    }
    if (length == 0 || satisfiable.size() == 1) {
      // Swift: an empty object is served whole; one range is an ordinary 206.
      return plainRead.apply(withRange(request, length == 0 ? null : satisfiable.get(0).header()));
    }
    String etag = head.header("Etag");
    MultipartByteranges multipart = new MultipartByteranges(headers.get("Content-Type", "application/octet-stream"),
        satisfiable, length, range -> part(request.path(), range, length, etag));
    headers.remove("Content-Range");
    headers.set("Content-Type", multipart.contentType());
    headers.set("Content-Length", multipart.contentLength());
    log.debug("GET {} served from {}: 206, {} ranges", request.path(), reader.describe(), satisfiable.size());
    return CompletableFuture.completedFuture(new ShuntResponse(HttpResponseStatus.PARTIAL_CONTENT, headers,
        multipart.body()));
  }

  /** The object's length, or -1 when the answer does not tell it. */
  private static long length(RemoteReader.ReadResponse head) {
    try {
      String value = head.header("Content-Length");
      return value == null ? -1 : Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Reads one range of the version whose ETag is {@code etag}; fails unless it gets exactly that range. */
  private CompletionStage<Flow.Publisher<ByteBuffer>> part(SwiftPath path, ByteRange range, long length,
      String etag) {
    Map<String, String> conditions = new LinkedHashMap<>();
    conditions.put("Range", range.header());
    if (etag != null && !etag.isBlank()) {
      conditions.put("If-Match", etag);
    }
    return reader.read(path, false, conditions).thenApply(remote -> {
      String got = remote.header("Content-Range");
      boolean exact = remote.status() == 206
          ? got != null && got.strip().toLowerCase(Locale.ROOT).equals(range.contentRange(length))
          : remote.status() == 200 && range.start() == 0 && range.end() == length;
      if (!exact || remote.body() == null) {
        remote.discard();
        throw new CompletionException(new IOException("reading " + range.header() + " of " + path + " from "
            + reader.describe() + " got " + remote.status() + (got == null ? "" : " " + got)));
      }
      return remote.body();
    });
  }
}
