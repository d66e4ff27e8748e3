package io.cloudsync.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftHttpClients;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.swift.SwiftTimestamp;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.TruncatedChunkException;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Reads and deletes local objects through the node-local Swift internal proxy (a proxy-server
 * with the InternalClient pipeline and no auth, on loopback). Pooled keep-alive connections,
 * bodies streamed.
 */
public final class InternalProxyClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final CloseableHttpClient http;
  private final boolean symlinksAsLinks;

  public InternalProxyClient(URI base, int maxConnections) {
    this(base, new SwiftHttpClients(maxConnections, maxConnections, Duration.ofSeconds(10), Duration.ofSeconds(60))
        .build(), false);
  }

  private InternalProxyClient(URI base, CloseableHttpClient http, boolean symlinksAsLinks) {
    this.base = base;
    this.http = http;
    this.symlinksAsLinks = symlinksAsLinks;
  }

  /**
   * This client reading symlinks as links: object HEADs and GETs carry {@code ?symlink=get} (as
   * Swift's container-sync reads), so a symlink answers with its own empty body and its
   * {@code X-Symlink-Target*} headers instead of its target's. Shares this client's connections;
   * closing either closes both.
   */
  public InternalProxyClient keepingSymlinks() {
    return symlinksAsLinks ? this : new InternalProxyClient(base, http, true);
  }

  /** An object's URI for a HEAD or GET. */
  private URI readUri(SwiftPath path) {
    return uri(SwiftNames.objectPath(path) + (symlinksAsLinks ? "?symlink=get" : ""));
  }

  private URI uri(String path) {
    String root = base.toString().replaceAll("/+$", "");
    return URI.create(root + path);
  }

  /** The object's metadata, or empty when the object does not exist (404). */
  public Optional<ObjectMetadata> head(SwiftPath path, boolean newest) throws LocalSwiftException {
    HttpHead request = new HttpHead(readUri(path));
    if (newest) {
      request.addHeader("X-Newest", "true");
    }
    try (CloseableHttpResponse response = http.execute(request)) {
      int status = response.getCode();
      if (status == 404) {
        return Optional.empty();
      }
      if (status / 100 != 2) {
        throw new LocalSwiftException("HEAD " + path + " on the internal proxy returned " + status, status, null);
      }
      return Optional.of(ObjectResponses.metadata(response));
    } catch (IOException e) {
      throw unreachable("HEAD " + path, e);
    }
  }

  /**
   * Opens the object's body. For an SLO this is the raw manifest (the internal proxy has no slo
   * filter); for a DLO, the joined segments. The caller closes the stream: at the end of the body
   * that keeps the connection for reuse, before it (the caller saw from the metadata that it does
   * not want the body) it drops the connection instead of reading the rest. Throws with status 404
   * when the object is gone.
   */
  public ObjectStream open(SwiftPath path) throws LocalSwiftException {
    HttpGet request = new HttpGet(readUri(path));
    ClassicHttpResponse response;
    try {
      response = http.executeOpen(null, request, null);
    } catch (IOException e) {
      throw unreachable("GET " + path, e);
    }
    int status = response.getCode();
    if (status != 200) {
      SwiftHttpClients.closeQuietly(response);
      throw new LocalSwiftException("GET " + path + " on the internal proxy returned " + status, status, null);
    }
    return streamOf(response, "GET " + path);
  }

  private ObjectStream streamOf(ClassicHttpResponse response, String what) throws LocalSwiftException {
    try {
      return ObjectResponses.stream(response);
    } catch (IOException | RuntimeException e) {
      SwiftHttpClients.closeQuietly(response);
      throw unreachable(what, e);
    }
  }

  /**
   * Opens {@code length} bytes of the object's body from {@code offset} (a {@code Range} GET; the
   * metadata carries the whole object's ETag, and for a DLO the joined content's). The caller
   * closes the stream. Throws with status 404 when the object is gone, 416 when the range is
   * outside the object.
   *
   * @param length at least 1
   */
  public ObjectStream openRange(SwiftPath path, long offset, long length) throws LocalSwiftException {
    if (offset < 0 || length < 1) {
      throw new IllegalArgumentException("invalid range: " + length + " bytes from " + offset);
    }
    HttpGet request = new HttpGet(readUri(path));
    request.addHeader("Range", "bytes=" + offset + "-" + (offset + length - 1));
    String what = "GET " + path + " bytes " + offset + "-" + (offset + length - 1);
    ClassicHttpResponse response;
    try {
      response = http.executeOpen(null, request, null);
    } catch (IOException e) {
      throw unreachable(what, e);
    }
    int status = response.getCode();
    if (status != 206 && !(status == 200 && offset == 0)) {
      SwiftHttpClients.closeQuietly(response);
      throw new LocalSwiftException(what + " on the internal proxy returned " + status, status, null);
    }
    return streamOf(response, what);
  }

  /** Outcome of a timestamped local delete. */
  public enum DeleteOutcome { DELETED, NOT_FOUND, NEWER_EXISTS }

  /**
   * Deletes the local object with the given {@code X-Timestamp}, so a write newer than that
   * timestamp survives (Swift answers 409, reported as {@link DeleteOutcome#NEWER_EXISTS}).
   */
  public DeleteOutcome delete(SwiftPath path, SwiftTimestamp timestamp) throws LocalSwiftException {
    HttpDelete request = new HttpDelete(uri(SwiftNames.objectPath(path)));
    request.addHeader("X-Timestamp", timestamp.internal());
    int status = execute(request, "DELETE " + path);
    if (status == 409) {
      return DeleteOutcome.NEWER_EXISTS;
    }
    if (status == 404) {
      return DeleteOutcome.NOT_FOUND;
    }
    if (status / 100 != 2) {
      throw new LocalSwiftException("DELETE " + path + " on the internal proxy returned " + status, status, null);
    }
    return DeleteOutcome.DELETED;
  }

  /** Names of all containers of the account, in listing order (empty when the account does not exist). */
  public List<String> listContainers(String account) throws LocalSwiftException {
    List<String> names = new ArrayList<>();
    String marker = "";
    while (true) {
      String path = SwiftNames.accountPath(account) + "?format=json&marker=" + SwiftNames.quote(marker, "");
      HttpGet request = new HttpGet(uri(path));
      try (CloseableHttpResponse response = http.execute(request)) {
        int status = response.getCode();
        if (status == 404) {
          EntityUtils.consume(response.getEntity());
          return names;
        }
        if (status / 100 != 2) {
          EntityUtils.consume(response.getEntity());
          throw new LocalSwiftException("listing account " + account + " returned " + status, status, null);
        }
        if (status == 204 || response.getEntity() == null) {
          return names;
        }
        JsonNode page = JSON.readTree(response.getEntity().getContent());
        if (!page.isArray() || page.isEmpty()) {
          return names;
        }
        for (JsonNode entry : page) {
          marker = entry.path("name").asText();
          names.add(marker);
        }
      } catch (IOException e) {
        throw unreachable("GET account " + account, e);
      }
    }
  }

  private int execute(HttpUriRequestBase request, String what) throws LocalSwiftException {
    try (CloseableHttpResponse response = http.execute(request)) {
      EntityUtils.consume(response.getEntity());
      return response.getCode();
    } catch (IOException e) {
      throw unreachable(what, e);
    }
  }

  /**
   * A request that got no usable answer: {@link LocalSwiftException#UNREADABLE_ANSWER} when the
   * proxy answered something unreadable (a fault of this object's answer, retried as a row),
   * {@link LocalSwiftException#UNREACHABLE} otherwise (the proxy is down or hangs).
   */
  private LocalSwiftException unreachable(String what, Exception e) {
    boolean unreadable = unreadableAnswer(e);
    return new LocalSwiftException(what + ": internal proxy " + base + (unreadable ? " sent an unreadable answer: "
        : " failed: ") + e.getMessage(), unreadable ? LocalSwiftException.UNREADABLE_ANSWER
        : LocalSwiftException.UNREACHABLE, e);
  }

  private static boolean unreadableAnswer(Throwable failure) {
    if (failure instanceof RuntimeException) {
      return true; // from reading the answer's headers
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpException || t instanceof MessageConstraintException
          || t instanceof MalformedChunkCodingException || t instanceof TruncatedChunkException) {
        return true;
      }
    }
    return false;
  }


  @Override
  public void close() {
    SwiftHttpClients.closeQuietly(http);
  }
}
