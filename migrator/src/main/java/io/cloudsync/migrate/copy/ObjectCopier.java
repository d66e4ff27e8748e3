package io.cloudsync.migrate.copy;

import io.cloudsync.largeobject.SloEntry;
import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.migrate.local.LocalSwift;
import io.cloudsync.migrate.local.LocalSwiftException;
import io.cloudsync.migrate.plan.Entry;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.RemoteReader.ReadResponse;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.swift.SwiftTimestamp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one source object into local Swift, streamed, with the source's time as
 * {@code X-Timestamp}: a Swift source's own {@code X-Timestamp}, otherwise the listing time (S3's
 * listing {@code LastModified} is finer than its {@code Last-Modified} header). A Swift Static
 * Large Object is copied as one: its segments into the same segment containers locally (skipping
 * segments already there with the same ETag), then its manifest. A Dynamic Large Object is copied
 * as a plain object holding its whole content, with a warning. A multipart S3 object is copied as
 * a plain object (its content), without the {@code X-Static-Large-Object} the reader reports for
 * its multipart ETag.
 */
public final class ObjectCopier {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectCopier.class);
  private static final long CHUNK_TIMEOUT_SECONDS = 120;

  /**
   * Where one migration's objects come from and go to.
   *
   * @param reader the source's read side
   * @param sourceAccount the account name the reader is asked with (S3: the local account; only naming)
   * @param sourceContainer the source bucket or container
   * @param swiftSource the source is Swift: its X-Timestamp and SLO manifests are authoritative
   * @param account the local account
   * @param container the local container
   */
  public record Route(RemoteReader reader, String sourceAccount, String sourceContainer, boolean swiftSource,
      String account, String container) {}

  private final LocalSwift local;
  private final Set<String> segmentContainers = ConcurrentHashMap.newKeySet();

  public ObjectCopier(LocalSwift local) {
    this.local = local;
  }

  /** Copies {@code source} (an entry of the source listing). Never throws: failures are an outcome. */
  public Outcome copy(Route route, Entry source) {
    SwiftPath from = new SwiftPath(route.sourceAccount(), route.sourceContainer(), source.name());
    SwiftPath to = new SwiftPath(route.account(), route.container(), source.name());
    try {
      ReadResponse answer = route.reader().read(from, false, Map.of()).toCompletableFuture().join();
      if (answer.status() == 404) {
        answer.discard();
        return Outcome.of(Outcome.Kind.VANISHED, "gone from the source");
      }
      if (answer.status() != 200) {
        answer.discard();
        return Outcome.of(Outcome.Kind.FAILED, "source read answered " + answer.status()
            + (answer.errorDetail() == null ? "" : ": " + answer.errorDetail()));
      }
      SwiftTimestamp time = time(route, answer, source);
      boolean slo = "true".equalsIgnoreCase(strip(SourceHeaders.get(answer.headers(), "X-Static-Large-Object")));
      if (route.swiftSource() && slo) {
        answer.discard();
        return copySlo(route, from, to, answer.headers(), time);
      }
      boolean dlo = SourceHeaders.get(answer.headers(), "X-Object-Manifest") != null;
      if (dlo) {
        LOG.warn("{}: a Dynamic Large Object; copied as a plain object with its whole content", LogSafe.text(
            to.toString()));
      }
      return putStream(to, answer, time, !slo && !dlo);
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Outcome.of(Outcome.Kind.FAILED, "reading the source failed: " + cause.getMessage());
    } catch (LocalSwiftException | IOException | RuntimeException e) {
      return Outcome.of(Outcome.Kind.FAILED, e.getMessage());
    }
  }

  private static String strip(String v) {
    return v == null ? null : v.strip();
  }

  private static SwiftTimestamp time(Route route, ReadResponse answer, Entry listed) {
    String ts = SourceHeaders.get(answer.headers(), "X-Timestamp");
    if (route.swiftSource() && ts != null) {
      return SwiftTimestamp.parse(ts);
    }
    return listed.time();
  }

  private Outcome putStream(SwiftPath to, ReadResponse answer, SwiftTimestamp time, boolean plain)
      throws LocalSwiftException, IOException {
    List<Map.Entry<String, String>> headers = new ArrayList<>(SourceHeaders.forPut(answer.headers(), plain));
    headers.add(Map.entry("X-Timestamp", time.internal()));
    long length = length(answer);
    try (PublisherInputStream body = new PublisherInputStream(answer.body(), CHUNK_TIMEOUT_SECONDS)) {
      int status = local.put(to, null, headers, body, length);
      return outcome(status, to, Math.max(length, 0), time);
    }
  }

  private static long length(ReadResponse answer) {
    String value = SourceHeaders.get(answer.headers(), "Content-Length");
    try {
      return value == null ? -1 : Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Outcome outcome(int status, SwiftPath to, long bytes, SwiftTimestamp time) {
    if (status == 201) {
      return Outcome.copied(bytes, time);
    }
    if (status == 409) {
      return Outcome.of(Outcome.Kind.LOCAL_NEWER, "the local object is as new or newer");
    }
    return Outcome.of(Outcome.Kind.FAILED, "local PUT of " + LogSafe.text(to.toString()) + " answered " + status);
  }

  private Outcome copySlo(Route route, SwiftPath from, SwiftPath to, List<Map.Entry<String, String>> sourceHeaders,
      SwiftTimestamp time) throws LocalSwiftException, IOException {
    Optional<SloManifest> found = route.reader().manifest(from).toCompletableFuture().join();
    if (found.isEmpty()) {
      return Outcome.of(Outcome.Kind.VANISHED, "the SLO manifest is gone from the source");
    }
    SloManifest manifest = found.get();
    long bytes = 0;
    for (SloEntry entry : manifest.entries()) {
      if (!(entry instanceof SloEntry.Segment segment)) {
        continue; // inline data lives in the manifest itself
      }
      if (segment.subSlo()) {
        return Outcome.of(Outcome.Kind.FAILED, "nested SLO segments are not migrated (" + segment + ")");
      }
      SwiftPath localSegment = new SwiftPath(route.account(), segment.container(), segment.object());
      Optional<Entry> there = local.head(localSegment);
      if (there.isPresent() && there.get().hash().equalsIgnoreCase(segment.hash())) {
        continue;
      }
      ensureSegmentContainer(route.account(), segment.container());
      SwiftPath sourceSegment = new SwiftPath(route.sourceAccount(), segment.container(), segment.object());
      ReadResponse answer = route.reader().read(sourceSegment, false, Map.of()).toCompletableFuture().join();
      if (answer.status() != 200) {
        answer.discard();
        return Outcome.of(Outcome.Kind.FAILED, "segment " + segment + " answered " + answer.status());
      }
      String ts = SourceHeaders.get(answer.headers(), "X-Timestamp");
      Outcome put = putStream(localSegment, answer, ts == null ? time : SwiftTimestamp.parse(ts), true);
      if (put.kind() == Outcome.Kind.FAILED) {
        return put;
      }
      bytes += put.bytes();
    }
    byte[] json = manifest.json();
    List<Map.Entry<String, String>> headers = new ArrayList<>(SourceHeaders.forPut(sourceHeaders, false));
    headers.add(Map.entry("X-Static-Large-Object", "True"));
    headers.add(Map.entry("Etag", md5(json)));
    headers.add(Map.entry("X-Timestamp", time.internal()));
    int status = local.put(to, null, headers, new ByteArrayInputStream(json), json.length);
    return outcome(status, to, bytes, time);
  }

  private void ensureSegmentContainer(String account, String container) throws LocalSwiftException {
    if (segmentContainers.contains(account + "/" + container)) {
      return;
    }
    if (local.headContainer(account, container).isEmpty()) {
      local.putContainer(account, container, List.of());
    }
    segmentContainers.add(account + "/" + container);
  }

  private static String md5(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
