package io.cloudsync.shunt;

import java.util.concurrent.CompletionStage;

/**
 * Changes an object that local Swift does not have but the archive does: Swift authorized an
 * object {@code DELETE} or {@code POST} in a configured container and answered it with 404. Only
 * Swift's 404 reaches a writer: any other answer (204, 202, 401, 403, 5xx, …) goes to the client
 * unchanged, so a request Swift refused never reaches the remote store.
 *
 * <p>Called on a Netty event loop thread: implementations must not block. The returned stage may
 * complete on any thread.
 */
@FunctionalInterface
public interface ArchiveWriter {

  /**
   * Deletes the archived copy ({@code DELETE}) or replaces its metadata ({@code POST}). Completes
   * with the answer Swift would have given for a local object, or with {@code null} to send Swift's
   * own 404 (the archive has no copy either). Completing exceptionally sends {@code 502 Bad Gateway}.
   */
  CompletionStage<ShuntResponse> change(ArchiveRequest request);
}
