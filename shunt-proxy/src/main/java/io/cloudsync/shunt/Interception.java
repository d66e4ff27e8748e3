package io.cloudsync.shunt;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Asks a route's interceptors for an answer of their own: the archive reader when Swift answered
 * 404, the listing splicer when Swift's listing is complete. An interceptor that throws or returns
 * no stage counts as a failed one. The answer (a response, null for "relay Swift's", or a failure)
 * is handed to the {@link Decision} on the event loop; when the loop is shut down it is discarded.
 */
final class Interception {
  /** Receives an interceptor's answer on the event loop. */
  interface Decision {
    void decided(Exchange e, ShuntResponse response, Throwable failure);
  }

  private final Executor loop;
  private final RemoteDialer dialer;
  private final Decision decision;

  /**
   * @param loop the client connection's event loop
   * @param dialer opens remote connections on that loop (handed to archive readers)
   */
  Interception(Executor loop, RemoteDialer dialer, Decision decision) {
    this.loop = loop;
    this.dialer = dialer;
    this.decision = decision;
  }

  /** The splicer's view of a listing request, with the target as the client sent it. */
  static ListingRequest listingRequest(Exchange e) {
    return new ListingRequest(e.request.method(), e.clientUri, e.classification.path(),
        e.classification.route(), e.request.headers().copy());
  }

  /** Swift answered 404 to an object read: asks the archive. */
  void readArchive(Exchange e) {
    CompletionStage<ShuntResponse> stage;
    try {
      stage = e.classification.route().reader().read(archiveRequest(e));
    } catch (RuntimeException failure) {
      stage = CompletableFuture.failedFuture(failure);
    }
    deliver(e, stage);
  }

  /** Swift answered 404 to an object DELETE/POST: asks the archive to change its copy. */
  void changeArchive(Exchange e) {
    CompletionStage<ShuntResponse> stage;
    try {
      stage = e.classification.route().writer().change(archiveRequest(e));
    } catch (RuntimeException failure) {
      stage = CompletableFuture.failedFuture(failure);
    }
    deliver(e, stage);
  }

  private ArchiveRequest archiveRequest(Exchange e) {
    return new ArchiveRequest(e.request.method(), e.clientUri, e.classification.path().toSwiftPath(),
        e.classification.route(), e.request.headers().copy(), e.swiftResponse.headers().copy(), dialer);
  }

  /** Swift's listing (held in {@code e}) is complete: asks the splicer to merge in the remote one. */
  void splice(Exchange e) {
    SwiftListing local = new SwiftListing(e.swiftResponse.status(), e.swiftResponse.headers().copy(),
        e.held.copyBytes());
    CompletionStage<ShuntResponse> stage;
    try {
      stage = e.classification.route().splicer().splice(listingRequest(e), local);
    } catch (RuntimeException failure) {
      stage = CompletableFuture.failedFuture(failure);
    }
    deliver(e, stage);
  }

  private void deliver(Exchange e, CompletionStage<ShuntResponse> stage) {
    if (stage == null) {
      stage = CompletableFuture.failedFuture(new NullPointerException("interceptor returned no stage"));
    }
    stage.whenComplete((response, failure) -> {
      try {
        loop.execute(() -> decision.decided(e, response, failure));
      } catch (RejectedExecutionException shutdown) {
        if (response != null) {
          response.discard();
        }
      }
    });
  }
}
