package io.cloudsync.shunt.archive;

import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restore-on-read ({@code restore_object: true}): while a complete remote {@code GET} streams to
 * the client, the same bytes are {@code PUT} into local Swift through the internal proxy (no auth,
 * so read-only users' reads restore too). The tee ({@link RestoringBody}) is bounded: the remote
 * read is paced by the slower of the client and the local PUT (at most a few chunks beyond the PUT
 * connection's write buffer), and a PUT that cannot take data for {@link ArchiveSettings#restoreStall}
 * is abandoned so the client continues alone. A failed restore is logged and never breaks the
 * client's read; a partial body is never stored (the PUT carries {@code Content-Length} and the
 * connection is cut).
 *
 * <p>The PUT carries the object's {@code Content-Type}, its user metadata and, for a plain MD5
 * ETag, {@code ETag} (Swift verifies the body against it); no {@code X-Timestamp} (a restored copy
 * is newer than the archive tombstone) and no {@code Remote-*} headers. It sends
 * {@code If-None-Match: *}, so a newer local write made meanwhile is never overwritten, and
 * {@code Expect: 100-continue}, so that refusal comes before the body. A Static
 * Large Object with its archived manifest is restored segment by segment ({@link SloRestore});
 * without a manifest, and for Dynamic Large Objects, the object is served and a log line says why
 * it is not restored.
 */
public final class Restorer {
  private static final Logger log = LoggerFactory.getLogger(Restorer.class);
  private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern SWIFT_PARAMS = Pattern.compile("\\s*;\\s*swift_[^;]*");

  private final URI internalProxy;
  private final EventLoopGroup group;
  private final ArchiveSettings settings;

  /**
   * @param internalProxy the node-local internal proxy, e.g. {@code http://127.0.0.1:8081}
   * @param group event loops for the PUT connections (owned by the caller)
   */
  public Restorer(URI internalProxy, EventLoopGroup group, ArchiveSettings settings) {
    this.internalProxy = Objects.requireNonNull(internalProxy, "internalProxy");
    if (internalProxy.getHost() == null || !"http".equalsIgnoreCase(internalProxy.getScheme())) {
      throw new IllegalArgumentException("internal proxy must be an http URL, not " + internalProxy);
    }
    this.group = Objects.requireNonNull(group, "group");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * The body to send the client: {@code body}, teed into a local PUT of {@code path} when the
   * object can be restored (not a large object: those need {@link #restoringSlo}).
   *
   * @param headers the translated (Swift-side) headers of the remote answer
   */
  public Flow.Publisher<ByteBuffer> restoring(SwiftPath path, HttpHeaders headers, Flow.Publisher<ByteBuffer> body) {
    if (headers.contains("X-Static-Large-Object") || headers.contains("X-Object-Manifest")) {
      log.info("not restoring {}: restoring a {} needs its archived manifest; served from the archive", path,
          headers.contains("X-Object-Manifest") ? "Dynamic Large Object" : "Static Large Object without one");
      return body;
    }
    long length = length(headers);
    if (length < 0) {
      log.info("not restoring {}: the archive did not give its length", path);
      return body;
    }
    HttpHeaders put = putHeaders(headers, length);
    return new RestoringBody(body, length, ready -> {
      LocalRequest request = new LocalRequest(internalProxy, group, settings, HttpMethod.PUT,
          SwiftNames.objectPath(path), put, length, ready);
      request.answer().whenComplete((answer, failure) -> {
        if (failure != null) {
          log.warn("restoring {} into local Swift failed: {}", path, failure.getMessage());
        } else if (answer.status() == 201) {
          log.info("restored {} ({} bytes) into local Swift", path, length);
        } else if (answer.status() == 412) {
          log.info("not restoring {}: local Swift has a newer copy", path);
        } else {
          log.warn("restoring {} into local Swift failed: the internal proxy answered {}", path, answer.status());
        }
      });
      return request;
    });
  }

  /**
   * The body to send the client for an archived Static Large Object: {@code body} (its joined
   * content), split into local segment PUTs followed by the manifest ({@link SloRestore}), when
   * the manifest matches what is served: its ETag is the archived object's {@code swift-slo-etag}
   * (the manifest ETag the sync recorded; Swift's SLO ETag computed from the manifest is accepted
   * too), and its length is the served length. A {@code .manifests} copy left from another version
   * of the object is never restored.
   *
   * @param manifest the manifest the sync archived beside the object
   * @param archivedEtag the archived object's {@code swift-slo-etag}, or null when it has none
   *     (swift-s3-sync's S3 provider did not record it): then only the length is compared
   */
  public Flow.Publisher<ByteBuffer> restoringSlo(SwiftPath path, HttpHeaders headers, Flow.Publisher<ByteBuffer> body,
      SloManifest manifest, String archivedEtag) {
    if (archivedEtag == null) {
      log.debug("SLO {} has no swift-slo-etag; its archived manifest is checked by length only", path);
    } else if (!archivedEtag.equalsIgnoreCase(manifest.manifestEtag())
        && !archivedEtag.equalsIgnoreCase(manifest.sloEtag())) {
      log.warn("not restoring SLO {}: its archived manifest (etag {}, SLO etag {}) is not the archived object's"
          + " (swift-slo-etag {}), a stale .manifests copy; served from the archive", path, manifest.manifestEtag(),
          manifest.sloEtag(), archivedEtag);
      return body;
    }
    long length = length(headers);
    SloPlan plan;
    try {
      plan = SloPlan.of(manifest);
    } catch (IllegalArgumentException e) {
      log.info("not restoring SLO {}: {}; served from the archive", path, e.getMessage());
      return body;
    }
    if (length != plan.length()) {
      log.info("not restoring SLO {}: the archive serves {} bytes but its manifest lists {}; served from the archive",
          path, length, plan.length());
      return body;
    }
    byte[] json = manifest.json();
    HttpHeaders manifestHeaders = putHeaders(headers, json.length)
        .set("ETag", md5(json))
        .set("X-Static-Large-Object", "True");
    String type = manifestHeaders.get("Content-Type");
    if (type != null) {
      manifestHeaders.set("Content-Type", SWIFT_PARAMS.matcher(type).replaceAll("")); // Swift rejects swift_* params
    }
    return new RestoringBody(body, length, ready -> {
      EventLoop loop = group.next();
      return new SloRestore(path, plan, json, manifestHeaders, (method, requestPath, extra, size, onReady) -> {
        HttpHeaders request = baseHeaders(size).add(extra);
        return new LocalRequest(internalProxy, loop, settings, method, requestPath, request, size, onReady);
      }, loop, ready);
    });
  }

  /** The full length of the object served, or -1 when unknown. */
  private static long length(HttpHeaders headers) {
    try {
      String range = headers.get("Content-Range");
      if (range != null) {
        return Long.parseLong(range.substring(range.lastIndexOf('/') + 1).strip());
      }
      String value = headers.get("Content-Length");
      return value == null ? -1 : Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Headers of every request to the internal proxy. */
  private HttpHeaders baseHeaders(long length) {
    HttpHeaders headers = new DefaultHttpHeaders();
    headers.set("Host", internalProxy.getHost() + (internalProxy.getPort() < 0 ? "" : ":" + internalProxy.getPort()));
    headers.set("Content-Length", Long.toString(length));
    headers.set("User-Agent", "cloudsync-shunt restore");
    headers.set("Connection", "close");
    return headers;
  }

  HttpHeaders putHeaders(HttpHeaders remote, long length) {
    HttpHeaders put = baseHeaders(length);
    String type = remote.get("Content-Type");
    if (type != null) {
      put.set("Content-Type", type);
    }
    String etag = remote.get("Etag");
    if (etag != null && MD5.matcher(etag).matches()) {
      put.set("ETag", etag.toLowerCase(Locale.ROOT));
    }
    for (Map.Entry<String, String> h : remote) {
      if (h.getKey().toLowerCase(Locale.ROOT).startsWith("x-object-meta-")) {
        put.add(h.getKey(), h.getValue());
      }
    }
    put.set("If-None-Match", "*");
    if (length > 0) {
      put.set("Expect", "100-continue"); // a 412 then comes before the body, not as a broken write
    }
    return put;
  }

  private static String md5(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no MD5", e);
    }
  }
}
