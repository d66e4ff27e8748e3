package io.cloudsync.store;

import java.io.IOException;
import java.io.InputStream;

/**
 * A body that can be read, and read again from the start if an upload has to be retried. Every
 * call to {@link #open()} returns a fresh stream (for a Swift object: a new GET); the caller
 * closes it. Bodies are always streamed, never held whole in memory.
 */
@FunctionalInterface
public interface BodySource {
  InputStream open() throws IOException;
}
