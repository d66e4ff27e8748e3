package io.cloudsync.shunt.archive;

import io.cloudsync.logging.LogSafe;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.config.ListingDuplicates;
import io.cloudsync.shunt.ByteArrayPublisher;
import io.cloudsync.shunt.ListingRequest;
import io.cloudsync.shunt.ListingSplicer;
import io.cloudsync.shunt.ShuntResponse;
import io.cloudsync.shunt.SwiftListing;
import io.cloudsync.store.RemoteReader;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Container listings of an archive mapping: Swift is asked for JSON ({@code format=json}, every
 * other parameter unchanged), remote entries are spliced in ({@link ListingMerge}), and the result
 * is rendered in the client's format exactly as Swift's {@code listing_formats} renders
 * ({@link ListingFormat}), with Swift's headers ({@code X-Container-Object-Count} and the like stay
 * local). Swift's non-2xx answers (401, 403, 404, 412…) go to the client unchanged. When the remote
 * store fails, the local listing is sent alone and the failure logged.
 */
public final class RemoteListingSplicer implements ListingSplicer {
  private static final Logger log = LoggerFactory.getLogger(RemoteListingSplicer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RemoteReader reader;
  private final ListingDuplicates duplicates;
  private final ArchiveSettings settings;

  public RemoteListingSplicer(RemoteReader reader, ListingDuplicates duplicates, ArchiveSettings settings) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.duplicates = Objects.requireNonNull(duplicates, "duplicates");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  private static ListingParams params(ListingRequest request) {
    return ListingParams.parse(request.uri(), request.requestHeaders().get(HttpHeaderNames.ACCEPT));
  }

  @Override
  public String swiftUri(ListingRequest request) {
    // A request Swift will refuse (bad Accept) goes as it is: Swift gives its own 400/406.
    return params(request).contentType().isPresent() ? ListingParams.jsonUri(request.uri()) : request.uri();
  }

  @Override
  public CompletionStage<ShuntResponse> splice(ListingRequest request, SwiftListing local) {
    ListingParams params = params(request);
    Optional<String> type = params.contentType();
    String swiftType = local.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
    if (type.isEmpty() || !swiftType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      return CompletableFuture.completedFuture(null);
    }
    List<ObjectNode> entries = parseLocal(local.body());
    if (entries == null) {
      log.warn("Swift's listing of {}/{} is not a JSON list; passing it on unchanged",
          request.path().account(), request.path().container());
      return CompletableFuture.completedFuture(null);
    }
    String account = request.path().account();
    String container = request.path().container();
    int limit = params.limit() != null ? params.limit() : settings.defaultListingLimit();
    ListingMerge merge = new ListingMerge(reader, account, container, params, entries, limit, duplicates, settings);
    CompletionStage<ListingMerge.Result> merged;
    try {
      merged = merge.run();
    } catch (RuntimeException e) {
      merged = CompletableFuture.failedFuture(e);
    }
    return merged.handle((result, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        log.warn("cannot list {} in {}: {}; listing local objects only", LogSafe.text(account + "/" + container),
            reader.describe(), cause.getMessage() == null ? cause.toString() : cause.getMessage());
        result = merge.localOnly();
      }
      if (result.remoteEntries() == 0 && params.isJson() && result.entries().size() == entries.size()) {
        return null; // Swift's own answer is the answer
      }
      return respond(params, container, local, result.entries());
    });
  }

  private static List<ObjectNode> parseLocal(byte[] body) {
    if (body.length == 0) {
      return List.of();
    }
    try {
      JsonNode tree = JSON.readTree(body);
      if (tree == null || !tree.isArray()) {
        return null;
      }
      List<ObjectNode> out = new ArrayList<>(tree.size());
      for (JsonNode node : tree) {
        if (!(node instanceof ObjectNode object) || ListingMerge.keyOf(object) == null) {
          return null;
        }
        out.add(object);
      }
      return out;
    } catch (IOException e) {
      return null;
    }
  }

  private static ShuntResponse respond(ListingParams params, String container, SwiftListing local,
      List<ObjectNode> entries) {
    String type = params.contentType().orElseThrow();
    byte[] body;
    try {
      body = ListingFormat.render(entries, type, container);
    } catch (ListingFormat.UnrenderableException e) {
      log.debug("cannot render the listing of {} as {}: {}; sending Swift's answer", container, type, e.getMessage());
      return null;
    }
    HttpResponseStatus status = body.length == 0 ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.OK;
    return new ShuntResponse(status, headers(local.headers(), type, body.length, !params.formatGiven()),
        body.length == 0 ? null : new ByteArrayPublisher(body));
  }

  /**
   * Swift's headers in Swift's order, with the listing's {@code Content-Type} and
   * {@code Content-Length}, and {@code Vary: Accept} where {@code listing_formats} adds it (the
   * client chose no {@code format}), before the transaction id as Swift places it.
   */
  static HttpHeaders headers(HttpHeaders swift, String type, int length, boolean vary) {
    HttpHeaders out = new DefaultHttpHeaders();
    boolean needVary = vary;
    for (Map.Entry<String, String> h : swift) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (needVary && (name.equals("x-trans-id") || name.equals("x-openstack-request-id") || name.equals("date"))) {
        out.add("Vary", "Accept");
        needVary = false;
      }
      switch (name) {
        case "content-type" -> out.add(h.getKey(), type + "; charset=utf-8");
        case "content-length" -> out.add(h.getKey(), Integer.toString(length));
        case "vary" -> {
          if (vary && !h.getValue().toLowerCase(Locale.ROOT).contains("accept")) {
            out.add(h.getKey(), h.getValue() + ", Accept");
          } else {
            out.add(h.getKey(), h.getValue());
          }
          needVary = false;
        }
        case "transfer-encoding", "connection", "keep-alive" -> { }
        default -> out.add(h.getKey(), h.getValue());
      }
    }
    if (needVary) {
      out.add("Vary", "Accept");
    }
    if (!out.contains(HttpHeaderNames.CONTENT_TYPE)) {
      out.add(HttpHeaderNames.CONTENT_TYPE, type + "; charset=utf-8");
    }
    if (!out.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      out.add(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(length));
    }
    return out;
  }
}
