package io.cloudsync.shunt.archive;

import io.cloudsync.shunt.ArchiveRequest;
import io.cloudsync.shunt.ArchiveWriter;
import io.cloudsync.shunt.ShuntResponse;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreException;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Object {@code DELETE}/{@code POST} of an archive mapping that Swift authorized and answered with
 * 404: the archived copy is deleted ({@link RemoteStore#delete}: with its SLO manifest copy or
 * segments) or its user metadata replaced ({@link RemoteStore#replaceMetadata}: the data and the
 * sync's large-object bookkeeping stay), and the client gets what Swift answers for a local object
 * ({@code 204 No Content}, {@code 202 Accepted} with Swift's body, Swift's transaction ids and
 * date). When the archive has no copy either, Swift's own 404 goes to the client. The remote calls
 * block, so they run on the {@link ArchiveChanges} pool; the store is created on first use.
 *
 * <p>Not carried over to the archive: {@code X-Delete-At}/{@code X-Delete-After} (a remote store
 * does not expire objects the Swift way) are refused with 400 rather than accepted and ignored.
 */
public final class RemoteArchiveWriter implements ArchiveWriter, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RemoteArchiveWriter.class);
  static final String ACCEPTED_BODY = "<html><h1>Accepted</h1><p>The request is accepted for processing.</p></html>";
  private static final String META = "x-object-meta-";

  private final Supplier<RemoteStore> factory;
  private final ArchiveChanges pool;
  private RemoteStore store;
  private boolean closed;

  /**
   * @param factory creates the mapping's store on first use (may throw)
   */
  RemoteArchiveWriter(Supplier<RemoteStore> factory, ArchiveChanges pool) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  @Override
  public CompletionStage<ShuntResponse> change(ArchiveRequest request) {
    SwiftPath path = request.path();
    if (HttpMethod.POST.equals(request.method())) {
      HttpHeaders h = request.requestHeaders();
      if (h.contains("X-Delete-At") || h.contains("X-Delete-After")) {
        return CompletableFuture.completedFuture(text(HttpResponseStatus.BAD_REQUEST, request,
            "X-Delete-At and X-Delete-After cannot be set on an archived object"));
      }
      Map<String, String> metadata = userMetadata(h);
      String contentType = h.get("Content-Type");
      return run(request, () -> store().replaceMetadata(path, metadata, contentType)
          ? swiftLike(HttpResponseStatus.ACCEPTED, request, ACCEPTED_BODY) : null);
    }
    if (HttpMethod.DELETE.equals(request.method())) {
      return run(request, () -> {
        RemoteStore s = store();
        if (s.head(path).isEmpty()) {
          return null;
        }
        s.delete(path);
        return swiftLike(HttpResponseStatus.NO_CONTENT, request, "");
      });
    }
    return CompletableFuture.completedFuture(null);
  }

  private CompletionStage<ShuntResponse> run(ArchiveRequest request, ArchiveChanges.Call<ShuntResponse> call) {
    return pool.submit(call).handle((response, failure) -> {
      if (failure == null) {
        log.info("{} {}: {} the archived copy", request.method(), request.path(),
            response == null ? "not in the archive either; Swift's 404 stands:" : "changed");
        return response;
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause instanceof StoreException se && se.kind() == StoreException.Kind.REJECTED) {
        log.warn("{} {}: the archive refuses it: {}", request.method(), request.path(), se.getMessage());
        return text(HttpResponseStatus.BAD_REQUEST, request, "the archive cannot store this change");
      }
      if (cause instanceof ArchiveChanges.Busy) {
        log.warn("{} {}: {}", request.method(), request.path(), cause.getMessage());
        return text(HttpResponseStatus.SERVICE_UNAVAILABLE, request, "try again later");
      }
      log.warn("{} {} of the archived copy failed: {}", request.method(), request.path(), cause.toString());
      throw new CompletionException(cause);
    });
  }

  /** The {@code X-Object-Meta-*} headers of the request, as Swift would store them (empty values dropped). */
  static Map<String, String> userMetadata(HttpHeaders headers) {
    Map<String, String> metadata = new TreeMap<>();
    for (Map.Entry<String, String> h : headers) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(META) && name.length() > META.length() && !h.getValue().isEmpty()) {
        metadata.put(SwiftNames.headerToUnicode(name.substring(META.length())),
            SwiftNames.headerToUnicode(h.getValue()));
      }
    }
    return metadata;
  }

  /** Swift's answer for a local object: its content type, its body, the 404's transaction ids and date. */
  static ShuntResponse swiftLike(HttpResponseStatus status, ArchiveRequest request, String body) {
    HttpHeaders headers = new DefaultHttpHeaders();
    headers.set("Content-Type", "text/html; charset=UTF-8");
    for (String name : new String[] {"X-Trans-Id", "X-Openstack-Request-Id", "Date"}) {
      String value = request.swiftHeaders().get(name);
      if (value != null) {
        headers.set(name, value);
      }
    }
    return ShuntResponse.of(status, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private static ShuntResponse text(HttpResponseStatus status, ArchiveRequest request, String why) {
    ShuntResponse html = swiftLike(status, request, "");
    HttpHeaders headers = html.headers().copy();
    headers.set("Content-Type", "text/plain; charset=UTF-8");
    return ShuntResponse.of(status, headers,
        (status.code() + " " + status.reasonPhrase() + " (archived object): " + why + "\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  private synchronized RemoteStore store() {
    if (closed) {
      throw new IllegalStateException("the archive writer is closed");
    }
    if (store == null) {
      store = factory.get();
    }
    return store;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (store != null) {
      try {
        store.close();
      } catch (RuntimeException e) {
        log.debug("closing {} failed: {}", store.describe(), e.toString());
      }
    }
  }
}
