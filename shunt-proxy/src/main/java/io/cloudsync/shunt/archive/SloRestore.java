package io.cloudsync.shunt.archive;

import io.cloudsync.largeobject.SloEntry;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores an archived Static Large Object while its joined content streams to the client: first
 * {@code PUT}s each segment container and checks (HEAD) the segments that cannot be rebuilt from
 * the stream (ranges, nested SLOs); then cuts the stream at the manifest's boundaries into one
 * {@code PUT} per segment ({@code ETag} = the manifest's hash, {@code Content-Type} = its
 * {@code content_type} when it has one, {@code If-None-Match: *} and {@code Expect: 100-continue},
 * so a segment Swift still has is refused before its body is sent; a 412 is accepted when the local
 * segment has the same etag and size: the normal case, as archiving an SLO's manifest leaves its
 * segments in Swift); and only when every segment is
 * confirmed, writes the manifest in Swift's stored format ({@code X-Static-Large-Object: True}), as
 * the internal proxy has no slo middleware. Any failure abandons the restore before the manifest,
 * so no manifest ever points at missing segments; the client's read is never affected.
 *
 * <p>All state lives on one event loop, which also runs every request's connection. Memory: one
 * segment PUT at a time takes data, paced like a single restore ({@link LocalRequest}), plus the
 * part of a chunk that crosses into the next segment while its connection opens.
 */
final class SloRestore implements Upload {
  private static final Logger log = LoggerFactory.getLogger(SloRestore.class);

  /** Makes requests to the internal proxy on this restore's event loop. */
  interface Requests {
    /** @param headers request-specific headers; {@code Host}, {@code Content-Length} etc. are added */
    LocalRequest create(HttpMethod method, String path, HttpHeaders headers, long length, Runnable ready);
  }

  private final SwiftPath path;
  private final SloPlan plan;
  private final byte[] manifestJson;
  private final HttpHeaders manifestHeaders;
  private final Requests requests;
  private final EventLoop loop;
  private final Runnable ready;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final SloPlan.Cursor cursor; // loop only
  private final List<CompletableFuture<Void>> confirmations = new ArrayList<>(); // loop only
  private int segmentStep = -1; // loop only
  private volatile LocalRequest current;
  private volatile boolean prepared;

  /**
   * @param manifestHeaders headers of the manifest PUT (type, metadata, conditions)
   */
  SloRestore(SwiftPath path, SloPlan plan, byte[] manifestJson, HttpHeaders manifestHeaders, Requests requests,
      EventLoop loop, Runnable ready) {
    this.path = path;
    this.plan = plan;
    this.manifestJson = manifestJson;
    this.manifestHeaders = manifestHeaders;
    this.requests = requests;
    this.loop = loop;
    this.ready = ready;
    this.cursor = plan.cursor();
  }

  @Override
  public void start() {
    loop.execute(this::prepare);
  }

  @Override
  public boolean accepting() {
    if (ended.get()) {
      return true;
    }
    LocalRequest c = current;
    return prepared && (c == null || c.accepting());
  }

  @Override
  public void write(ByteBuffer data) {
    if (ended.get()) {
      return;
    }
    ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
    loop.execute(() -> onData(copy));
  }

  @Override
  public void finish() {
    loop.execute(this::onEnd);
  }

  @Override
  public void abort(String reason) {
    fail(reason);
  }

  /** Segment containers first, then the segments that must already be local. */
  private void prepare() {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (String container : plan.containers()) {
      chain = chain.thenCompose(v -> createContainer(container));
    }
    for (SloPlan.Step step : plan.steps()) {
      if (step.action() == SloPlan.Action.CHECK) {
        chain = chain.thenCompose(v -> checkLocal(step.segment(), reasonNotRebuilt(step.segment())));
      }
    }
    chain.whenComplete((v, failure) -> {
      if (failure != null) {
        fail(reason(failure));
      } else if (!ended.get()) {
        prepared = true;
        ready.run();
      }
    });
  }

  private void onData(ByteBuffer chunk) {
    if (ended.get()) {
      return;
    }
    for (SloPlan.Piece piece : cursor.split(chunk)) {
      SloPlan.Step step = plan.steps().get(piece.step());
      if (step.action() != SloPlan.Action.PUT) {
        continue;
      }
      SloEntry.Segment segment = step.segment();
      if (piece.step() != segmentStep) {
        segmentStep = piece.step();
        HttpHeaders headers = new DefaultHttpHeaders()
            .set("ETag", segment.hash())
            .set("Content-Type", segment.contentType() == null ? "application/octet-stream" : segment.contentType())
            .set("If-None-Match", "*")
            .set("Expect", "100-continue");
        LocalRequest put = requests.create(HttpMethod.PUT, SwiftNames.objectPath(segmentPath(segment)), headers,
            segment.length(), ready);
        current = put;
        put.start();
      }
      LocalRequest put = current;
      put.write(piece.bytes());
      if (piece.endsStep()) {
        put.finish();
        CompletableFuture<Void> confirmed = confirmSegment(put, segment);
        confirmed.whenComplete((v, failure) -> {
          if (failure != null) {
            fail(reason(failure)); // at once: a stalled segment must not hold the client back
          }
        });
        confirmations.add(confirmed);
      }
    }
    if (cursor.beyond() > 0) {
      fail("the archive sent more bytes than the manifest lists (" + plan.length() + ")");
    }
  }

  private void onEnd() {
    if (ended.get()) {
      return;
    }
    if (!cursor.atEnd()) {
      fail("the archive's content ended before the manifest's last segment");
      return;
    }
    CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new)).whenComplete((v, failure) -> {
      if (failure != null) {
        fail(reason(failure));
      } else if (!ended.get()) {
        writeManifest();
      }
    });
  }

  private void writeManifest() {
    LocalRequest put = requests.create(HttpMethod.PUT, SwiftNames.objectPath(path), manifestHeaders,
        manifestJson.length, () -> { });
    current = put;
    put.start();
    put.write(ByteBuffer.wrap(manifestJson));
    put.finish();
    put.answer().whenComplete((answer, failure) -> {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      if (failure != null) {
        log.warn("restoring SLO {} into local Swift failed at its manifest: {}", path, reason(failure));
      } else if (answer.status() == 201) {
        log.info("restored SLO {} ({} segments, {} bytes) into local Swift", path, plan.steps().size(),
            plan.length());
      } else if (answer.status() == 412) {
        log.info("not restoring SLO {}: local Swift has a newer copy (its segments were restored)", path);
      } else {
        log.warn("restoring SLO {} into local Swift failed: the manifest PUT was answered {}", path, answer.status());
      }
      ready.run();
    });
  }

  private CompletableFuture<Void> createContainer(String container) {
    String containerPath = SwiftNames.containerPath(path.account(), container);
    return call(HttpMethod.PUT, containerPath).thenAccept(answer -> {
      if (answer.status() != 201 && answer.status() != 202) {
        throw new RestoreException("PUT of segment container " + container + " was answered " + answer.status());
      }
    });
  }

  /** 201, or 412 for a segment that is already there and the same. */
  private CompletableFuture<Void> confirmSegment(LocalRequest put, SloEntry.Segment segment) {
    return put.answer().toCompletableFuture().thenCompose(answer -> switch (answer.status()) {
      case 201 -> CompletableFuture.completedFuture(null);
      case 412 -> checkLocal(segment, "segment " + segment + " exists");
      default -> throw new RestoreException("PUT of segment " + segment + " was answered " + answer.status());
    });
  }

  /** The local segment has the manifest's etag and size, or the restore is abandoned with {@code why}. */
  private CompletableFuture<Void> checkLocal(SloEntry.Segment segment, String why) {
    return call(HttpMethod.HEAD, SwiftNames.objectPath(segmentPath(segment))).thenAccept(answer -> {
      if (answer.status() == 404) {
        throw new RestoreException(why + " and local Swift does not have it");
      }
      String etag = unquote(answer.headers().get("Etag"));
      String length = answer.headers().get("Content-Length");
      if (answer.status() != 200 || !segment.hash().equalsIgnoreCase(etag)
          || !Long.toString(segment.objectBytes()).equals(length == null ? null : length.strip())) {
        throw new RestoreException(why + ", but local Swift's copy (HEAD " + answer.status() + ", etag " + etag
            + ", " + length + " bytes) is not the manifest's (etag " + segment.hash() + ", " + segment.objectBytes()
            + " bytes)");
      }
    });
  }

  private CompletableFuture<LocalRequest.Answer> call(HttpMethod method, String requestPath) {
    LocalRequest request = requests.create(method, requestPath, new DefaultHttpHeaders(), 0, () -> { });
    request.start();
    request.finish();
    return request.answer().toCompletableFuture();
  }

  private static String reasonNotRebuilt(SloEntry.Segment segment) {
    return (segment.subSlo() ? "nested SLO " : "segment range ") + segment
        + " cannot be rebuilt from the joined content";
  }

  private SwiftPath segmentPath(SloEntry.Segment segment) {
    return new SwiftPath(path.account(), segment.container(), segment.object());
  }

  private void fail(String reason) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    LocalRequest c = current;
    if (c != null) {
      c.abort(reason);
    }
    log.warn("restoring SLO {} into local Swift abandoned, no manifest written: {}", path, reason);
    ready.run();
  }

  private static String reason(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause instanceof RestoreException ? cause.getMessage() : cause.toString();
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.strip();
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
  }
}
