package io.cloudsync.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/** A body in memory that counts how often it is opened. */
public final class CountingSource implements BodySource {
  private final AtomicInteger opens = new AtomicInteger();
  private final byte[] body;

  public CountingSource(byte[] body) {
    this.body = body.clone();
  }

  /** How often {@link #open()} was called. */
  public AtomicInteger opens() {
    return opens;
  }

  @Override
  public InputStream open() {
    opens.incrementAndGet();
    return new ByteArrayInputStream(body);
  }
}
