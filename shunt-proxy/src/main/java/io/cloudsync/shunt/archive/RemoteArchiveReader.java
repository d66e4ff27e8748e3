package io.cloudsync.shunt.archive;

import io.cloudsync.shunt.ArchiveHeaders;
import io.cloudsync.shunt.ArchiveReader;
import io.cloudsync.shunt.ArchiveRequest;
import io.cloudsync.shunt.ShuntResponse;
import io.cloudsync.shunt.direct.DirectAnswer;
import io.cloudsync.shunt.direct.DirectReader;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.swift.SwiftPath;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object {@code GET}/{@code HEAD} of an archive mapping that Swift answered with 404: read from the
 * remote store with the client's {@code Range} and {@code If-*} headers, headers translated
 * ({@link ArchiveHeaders}), body streamed. A remote 404 leaves Swift's own 404 (with its
 * transaction id) as the answer; every other remote status (304, 401, 403, 412, 416…) is passed
 * on, an error status with a body of the shunt's own ({@link RemoteError}: the remote's can carry
 * signing details), and only a transport failure becomes 502. A remote 401/403 is the archive
 * refusing the shunt's own credentials (Swift has already authorized the client; a Swift 401/403
 * never reaches this class), so it is also logged as a WARN naming the remote error code, the
 * mapping's credentials and bucket policy. With {@code restore_object} a complete {@code GET} is also
 * written back to local Swift ({@link Restorer}); an SLO only with its archived manifest, checked
 * against the archived object's {@code swift-slo-etag}.
 *
 * <p>With a {@link DirectReader} (a reader that declares direct GETs), a {@code GET} that will not be
 * restored is first sent over the shunt's own connection on the client's event loop, and a 200 or
 * 206 answer streams to the client in the buffers it arrived in; any other answer (its body
 * unread), or a failure to get one, is dropped and the read goes the SDK's way, which turns it
 * into the client's answer as described above (with the SDK's retries).
 *
 * <p>A {@code GET} for several ranges is answered as Swift would ({@link MultiRangeRead}): remote
 * stores serve one range per request.
 */
public final class RemoteArchiveReader implements ArchiveReader {
  private static final Logger log = LoggerFactory.getLogger(RemoteArchiveReader.class);
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+)");

  private final RemoteReader reader;
  private final Restorer restorer;
  private final DirectReader direct;
  private final MultiRangeRead multiRange;

  /**
   * @param restorer writes complete reads back to local Swift, or null for no restores
   */
  public RemoteArchiveReader(RemoteReader reader, Restorer restorer) {
    this(reader, restorer, null);
  }

  /**
   * @param restorer writes complete reads back to local Swift, or null for no restores
   * @param direct reads the same bucket over the shunt's own connections, or null
   */
  public RemoteArchiveReader(RemoteReader reader, Restorer restorer, DirectReader direct) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.restorer = restorer;
    this.direct = direct;
    this.multiRange = new MultiRangeRead(reader, this::read,
        (request, remote) -> respond(request, request.path(), remote));
  }

  @Override
  public CompletionStage<ShuntResponse> read(ArchiveRequest request) {
    Map<String, String> conditions = new LinkedHashMap<>();
    for (String name : RemoteReader.CONDITIONAL_HEADERS) {
      String value = request.requestHeaders().get(name);
      if (value != null) {
        conditions.put(name, value);
      }
    }
    String range = request.requestHeaders().get("Range");
    if (RangeHeader.severalRanges(range)) {
      Optional<RangeHeader> ranges = RangeHeader.parse(range);
      if (request.isHead() || ranges.isEmpty()) {
        // Swift answers such a HEAD, or a Range it cannot parse, as if there were no Range.
        return read(MultiRangeRead.withRange(request, null));
      }
      return multiRange.read(request, ranges.get(), conditions);
    }
    if (direct != null && restorer == null && !request.isHead() && request.dialer() != null) {
      CompletionStage<DirectAnswer> answer = direct.get(request.dialer(), request.path(), conditions);
      if (answer != null) {
        return answer.handle((remote, failure) -> {
          int status = remote == null ? 0 : remote.status();
          if (status == 200 || status == 206) {
            HttpHeaders headers = ArchiveHeaders.forClient(direct.swiftHeaders(remote), request.swiftHeaders());
            log.debug("GET {} served from {}: {}", request.path(), direct.describe(), status);
            return CompletableFuture.completedFuture(new ShuntResponse(HttpResponseStatus.valueOf(status), headers,
                remote.body()));
          }
          if (remote != null) {
            remote.discard();
          }
          log.debug("GET {} from {}: {}; reading it through the SDK", request.path(), direct.describe(),
              failure != null ? cause(failure).toString() : status);
          return viaSdk(request, conditions);
        }).thenCompose(response -> response);
      }
    }
    return viaSdk(request, conditions);
  }

  private CompletionStage<ShuntResponse> viaSdk(ArchiveRequest request, Map<String, String> conditions) {
    SwiftPath path = request.path();
    return reader.read(path, request.isHead(), conditions).handle((remote, failure) -> {
      if (failure != null) {
        Throwable cause = cause(failure);
        log.warn("cannot read archived {} from {}: {}", path, reader.describe(), cause.getMessage());
        throw new CompletionException(cause);
      }
      return respond(request, path, remote);
    }).thenCompose(response -> response);
  }

  private static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  private CompletionStage<ShuntResponse> respond(ArchiveRequest request, SwiftPath path, RemoteReader.ReadResponse remote) {
    int status = remote.status();
    if (status == 404) {
      remote.discard();
      log.debug("{} is in neither Swift nor {}", path, reader.describe());
      return CompletableFuture.completedFuture(null);
    }
    HttpHeaders headers = ArchiveHeaders.forClient(remote.headers(), request.swiftHeaders());
    if (status >= 400) {
      remote.discard();
      String details = remote.errorDetail() == null ? "no details" : remote.errorDetail();
      if (status == 401 || status == 403) {
        // Swift has authorized the client; the archive refusing the shunt is a configuration problem.
        log.warn("{} refused to read {} ({}, {}), passed on to the client: check the mapping's credentials and"
            + " bucket policy", reader.describe(), path, status, details);
      } else {
        log.debug("{} {} from {}: {} ({}), passed on to the client", request.method(), path, reader.describe(),
            status, details);
      }
      return CompletableFuture.completedFuture(RemoteError.answer(status, headers));
    }
    if (status == 304) {
      headers.remove("Content-Length");
      headers.remove("Content-Type");
    }
    Flow.Publisher<ByteBuffer> body = remote.body();
    if (request.isHead() && body != null) {
      remote.discard();
      body = null;
    }
    log.debug("{} {} served from {}: {}", request.method(), path, reader.describe(), status);
    if (body != null && restorer != null && complete(status, headers)) {
      if (headers.contains("X-Static-Large-Object")) {
        return restoringSlo(path, status, headers, body, remote.sloEtag());
      }
      body = restorer.restoring(path, headers, body);
    }
    return CompletableFuture.completedFuture(new ShuntResponse(HttpResponseStatus.valueOf(status), headers, body));
  }

  /**
   * Fetches the archived manifest first; without one the object is served and not restored.
   *
   * @param archivedEtag the archived object's {@code swift-slo-etag}, or null
   */
  private CompletionStage<ShuntResponse> restoringSlo(SwiftPath path, int status, HttpHeaders headers,
      Flow.Publisher<ByteBuffer> body, String archivedEtag) {
    return reader.manifest(path).handle((manifest, failure) -> {
      Flow.Publisher<ByteBuffer> served = body;
      if (failure != null) {
        log.warn("not restoring SLO {}: cannot read its manifest from {}: {}", path, reader.describe(),
            cause(failure).getMessage());
      } else if (manifest.isEmpty()) {
        log.warn("not restoring SLO {}: {} holds no manifest for it", path, reader.describe());
      } else {
        try {
          served = restorer.restoringSlo(path, headers, body, manifest.get(), archivedEtag);
        } catch (RuntimeException e) {
          log.warn("not restoring SLO {}: {}", path, e.toString());
        }
      }
      return new ShuntResponse(HttpResponseStatus.valueOf(status), headers, served);
    });
  }

  /** 200, or a 206 that covers the whole object ({@code bytes 0-(n-1)/n}). */
  static boolean complete(int status, HttpHeaders headers) {
    if (status == 200) {
      return true;
    }
    if (status != 206) {
      return false;
    }
    String range = headers.get("Content-Range");
    if (range == null) {
      return false;
    }
    Matcher m = CONTENT_RANGE.matcher(range.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return false;
    }
    try {
      long first = Long.parseLong(m.group(1));
      long last = Long.parseLong(m.group(2));
      long length = Long.parseLong(m.group(3));
      return first == 0 && last + 1 == length;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
