package io.cloudsync.migrate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudsync.migrate.plan.Entry;
import io.cloudsync.migrate.plan.Pages;
import io.cloudsync.swift.SwiftHttpClients;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.swift.SwiftTimestamp;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;

/**
 * The destination: local Swift through the node-local internal proxy (no auth, loopback). Writes
 * carry the source's time as {@code X-Timestamp}, which the internal proxy's gatekeeper lets
 * through ({@code shunt_inbound_x_timestamp = false}). Bodies are streamed.
 */
public final class LocalSwift implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final CloseableHttpClient http;

  public LocalSwift(URI internalProxy, int maxConnections) {
    this.base = internalProxy;
    this.http = new SwiftHttpClients(maxConnections, maxConnections, Duration.ofSeconds(10), Duration.ofSeconds(120))
        .build();
  }

  private URI uri(String path) {
    return URI.create(base.toString().replaceAll("/+$", "") + path);
  }

  /** The container's headers, or empty when it does not exist. */
  public Optional<Map<String, String>> headContainer(String account, String container) throws LocalSwiftException {
    HttpHead head = new HttpHead(uri(SwiftNames.containerPath(account, container)));
    try (CloseableHttpResponse response = http.execute(head)) {
      int status = response.getCode();
      if (status == 404) {
        return Optional.empty();
      }
      if (status / 100 != 2) {
        throw new LocalSwiftException("HEAD container " + account + "/" + container + " returned " + status, status,
            null);
      }
      Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (Header h : response.getHeaders()) {
        headers.put(h.getName(), h.getValue());
      }
      return Optional.of(headers);
    } catch (IOException e) {
      throw failed("HEAD container " + account + "/" + container, e);
    }
  }

  /** Creates (or updates the headers of) a container: PUT, 201 or 202. */
  public void putContainer(String account, String container, List<Map.Entry<String, String>> headers)
      throws LocalSwiftException {
    HttpPut put = new HttpPut(uri(SwiftNames.containerPath(account, container)));
    headers.forEach(h -> put.addHeader(h.getKey(), h.getValue()));
    int status = execute(put, "PUT container " + account + "/" + container);
    if (status / 100 != 2) {
      throw new LocalSwiftException("PUT container " + account + "/" + container + " returned " + status, status,
          null);
    }
  }

  /** The container's listing from {@code marker}, names starting with {@code prefix}, as {@link Pages}. */
  public Pages<Entry> list(String account, String container, String prefix, int limit) {
    return new Pages<>(marker -> {
      try {
        return page(account, container, prefix, marker, limit);
      } catch (LocalSwiftException e) {
        throw new ListingFailed(e);
      }
    });
  }

  /** A local listing failed in the middle of an iteration. */
  public static final class ListingFailed extends RuntimeException {
    public ListingFailed(LocalSwiftException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private Pages.Page<Entry> page(String account, String container, String prefix, String marker, int limit)
      throws LocalSwiftException {
    String path = SwiftNames.containerPath(account, container) + "?format=json&limit=" + limit
        + "&marker=" + SwiftNames.quote(marker, "") + (prefix == null || prefix.isEmpty() ? ""
        : "&prefix=" + SwiftNames.quote(prefix, ""));
    HttpGet get = new HttpGet(uri(path));
    String what = "GET container " + account + "/" + container;
    try (CloseableHttpResponse response = http.execute(get)) {
      int status = response.getCode();
      if (status == 404 || status == 204 || response.getEntity() == null) {
        EntityUtils.consume(response.getEntity());
        return new Pages.Page<>(List.of(), null);
      }
      if (status / 100 != 2) {
        EntityUtils.consume(response.getEntity());
        throw new LocalSwiftException(what + " returned " + status, status, null);
      }
      JsonNode items = JSON.readTree(response.getEntity().getContent());
      List<Entry> entries = new ArrayList<>();
      for (JsonNode item : items) {
        if (item.has("subdir")) {
          continue;
        }
        entries.add(new Entry(item.path("name").asText(), listingTime(item.path("last_modified").asText()),
            item.path("hash").asText(""), item.path("bytes").asLong()));
      }
      String next = entries.size() < limit ? null : entries.get(entries.size() - 1).name();
      return new Pages.Page<>(entries, next);
    } catch (IOException e) {
      throw failed(what, e);
    }
  }

  /** Swift's listing time ({@code 2024-01-02T03:04:05.678900}, UTC) as a timestamp. */
  public static SwiftTimestamp listingTime(String text) {
    return SwiftTimestamp.ofInstant(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
  }

  /** The object's {@code X-Timestamp} and {@code Etag}, or empty when it does not exist. */
  public Optional<Entry> head(SwiftPath path) throws LocalSwiftException {
    HttpHead head = new HttpHead(uri(SwiftNames.objectPath(path)));
    try (CloseableHttpResponse response = http.execute(head)) {
      int status = response.getCode();
      if (status == 404) {
        return Optional.empty();
      }
      if (status / 100 != 2) {
        throw new LocalSwiftException("HEAD " + path + " returned " + status, status, null);
      }
      Header ts = response.getFirstHeader("X-Timestamp");
      Header etag = response.getFirstHeader("Etag");
      Header length = response.getFirstHeader("Content-Length");
      return Optional.of(new Entry(path.object(), ts == null ? new SwiftTimestamp(0, 0)
          : SwiftTimestamp.parse(ts.getValue()), etag == null ? "" : etag.getValue().replace("\"", ""),
          length == null ? 0 : Long.parseLong(length.getValue().strip())));
    } catch (IOException e) {
      throw failed("HEAD " + path, e);
    }
  }

  /**
   * PUTs an object, streaming {@code body} ({@code length} bytes, or -1 for chunked).
   *
   * @param query a query string without {@code ?}, or null
   * @return Swift's status: 201 written, 409 a newer (or equal) timestamp exists locally, others failures
   */
  public int put(SwiftPath path, String query, List<Map.Entry<String, String>> headers, InputStream body,
      long length) throws LocalSwiftException {
    HttpPut put = new HttpPut(uri(SwiftNames.objectPath(path) + (query == null ? "" : "?" + query)));
    headers.forEach(h -> put.addHeader(h.getKey(), h.getValue()));
    put.setEntity(new InputStreamEntity(body, length, null));
    return execute(put, "PUT " + path);
  }

  /** Outcome of a timestamped delete. */
  public enum DeleteOutcome { DELETED, NOT_FOUND, NEWER_EXISTS }

  /** DELETE with {@code X-Timestamp}: an object written after that time survives (409). */
  public DeleteOutcome delete(SwiftPath path, SwiftTimestamp timestamp) throws LocalSwiftException {
    HttpDelete delete = new HttpDelete(uri(SwiftNames.objectPath(path)));
    delete.addHeader("X-Timestamp", timestamp.internal());
    int status = execute(delete, "DELETE " + path);
    return switch (status) {
      case 409 -> DeleteOutcome.NEWER_EXISTS;
      case 404 -> DeleteOutcome.NOT_FOUND;
      default -> {
        if (status / 100 != 2) {
          throw new LocalSwiftException("DELETE " + path + " returned " + status, status, null);
        }
        yield DeleteOutcome.DELETED;
      }
    };
  }

  private int execute(HttpUriRequestBase request, String what) throws LocalSwiftException {
    try (CloseableHttpResponse response = http.execute(request)) {
      EntityUtils.consume(response.getEntity());
      return response.getCode();
    } catch (IOException e) {
      throw failed(what, e);
    }
  }

  private LocalSwiftException failed(String what, Exception e) {
    return new LocalSwiftException(what + " on the internal proxy " + base + " failed: " + e.getMessage(), 0, e);
  }

  @Override
  public void close() {
    SwiftHttpClients.closeQuietly(http);
  }
}
