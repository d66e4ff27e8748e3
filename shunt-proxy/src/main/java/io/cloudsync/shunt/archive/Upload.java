package io.cloudsync.shunt.archive;

import java.nio.ByteBuffer;

/**
 * The local side of a restore-on-read tee ({@link RestoringBody}): it receives the bytes the client
 * is sent and writes them into local Swift. Implementations are thread-safe (data arrives on a
 * remote-reader thread, network events on an event loop) and never throw: a failed restore is
 * logged and the client's read goes on.
 */
interface Upload {

  /** Connects; called once, before any other method. */
  void start();

  /** False while the upload cannot take more data (connecting, or a write buffer is full); true once it has ended. */
  boolean accepting();

  /** The next bytes of the body; read at once (the caller passes the same buffer on). */
  void write(ByteBuffer data);

  /** The whole body has been read from the archive. */
  void finish();

  /** Gives up (the client stopped reading, the archive read failed); nothing partial is kept. */
  void abort(String reason);

  /** Creates an upload once the client subscribes; {@code ready} is called when it can take data again. */
  interface Factory {
    Upload create(Runnable ready);
  }
}
