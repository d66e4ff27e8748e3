package io.cloudsync.shunt;

/**
 * What the shunt does with one request.
 *
 * @param kind pass through, object read, listing, or object change
 * @param path the decoded Swift path, or null when the request is not a Swift API request
 * @param route the matching route (non-null unless {@link Kind#PASS_THROUGH})
 */
public record Classification(Kind kind, SwiftApiPath path, ShuntRoutes.Route route) {

  /** The kinds of request the shunt tells apart. */
  public enum Kind {
    /** Relay request and response unchanged. */
    PASS_THROUGH,
    /** Object GET/HEAD in a configured container: a Swift 404 goes to the {@link ArchiveReader}. */
    OBJECT_READ,
    /** Container GET listing in a configured container: goes to the {@link ListingSplicer}. */
    LISTING,
    /** Object DELETE/POST in a configured container: a Swift 404 goes to the {@link ArchiveWriter}. */
    OBJECT_CHANGE
  }

  static final Classification PASS = new Classification(Kind.PASS_THROUGH, null, null);

  public boolean intercepted() {
    return kind != Kind.PASS_THROUGH;
  }
}
