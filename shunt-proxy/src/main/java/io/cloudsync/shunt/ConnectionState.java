package io.cloudsync.shunt;

/**
 * Where a client connection is in its life. It only moves forward: {@code OPEN}, then
 * {@code LINGERING} or {@code CLOSING}, then {@code CLOSED}. One value, because the phases
 * exclude each other.
 */
enum ConnectionState {
  /** Serving requests. */
  OPEN,
  /** An early response was sent: the client's remaining input is read and dropped, then the connection closes. */
  LINGERING,
  /** The last response is being flushed; the connection closes when it is out. */
  CLOSING,
  /** The client connection is gone. */
  CLOSED
}
