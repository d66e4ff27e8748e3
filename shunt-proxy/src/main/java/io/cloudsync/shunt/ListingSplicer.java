package io.cloudsync.shunt;

import java.util.concurrent.CompletionStage;

/**
 * Merges remote entries into a container listing ({@code GET /v1/<account>/<container>} on a
 * configured container, without a {@code path=} query). The shunt sends {@link #swiftUri} to
 * Swift, holds Swift's complete answer in memory (listings are bounded by Swift's page limit), and
 * if Swift answered 200 or 204 hands it to {@link #splice}; any other answer goes to the client
 * unchanged.
 *
 * <p>Called on a Netty event loop thread: implementations must not block. The returned stage may
 * complete on any thread.
 */
public interface ListingSplicer {

  /**
   * The request target to send to Swift instead of the client's (for example the same query with
   * {@code format=json}); the default keeps the client's.
   */
  default String swiftUri(ListingRequest request) {
    return request.uri();
  }

  /**
   * Produces the listing for the client from Swift's answer. Completes with the response to send,
   * or with {@code null} to send Swift's answer unchanged; completing exceptionally sends
   * {@code 502 Bad Gateway}.
   */
  CompletionStage<ShuntResponse> splice(ListingRequest request, SwiftListing local);
}
