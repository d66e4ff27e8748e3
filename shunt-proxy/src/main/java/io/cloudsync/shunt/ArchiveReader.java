package io.cloudsync.shunt;

import java.util.concurrent.CompletionStage;

/**
 * Serves an object that local Swift does not have (Swift answered {@code 404} to an object
 * {@code GET} or {@code HEAD} in a configured container) from the remote store. Only Swift's 404
 * reaches a reader: any other answer (200, 401, 403, 5xx, …) goes to the client unchanged, so
 * Swift stays the authority on authentication and authorization.
 *
 * <p>Called on a Netty event loop thread: implementations must not block. The returned stage may
 * complete on any thread.
 */
@FunctionalInterface
public interface ArchiveReader {

  /**
   * Starts fetching the object. Completes with the response to send to the client, or with
   * {@code null} to send Swift's own 404 unchanged (e.g. the remote copy does not exist either).
   * Completing exceptionally sends {@code 502 Bad Gateway}. For a {@code HEAD} request the
   * response body is ignored (and cancelled).
   */
  CompletionStage<ShuntResponse> read(ArchiveRequest request);
}
