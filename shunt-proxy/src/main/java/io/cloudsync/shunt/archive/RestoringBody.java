package io.cloudsync.shunt.archive;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** The client's body: the remote body, teed into an {@link Upload}. One subscriber. */
final class RestoringBody implements Flow.Publisher<ByteBuffer> {
  private final Flow.Publisher<ByteBuffer> upstream;
  private final long length;
  private final Upload.Factory uploads;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  /**
   * @param length the bytes {@code upstream} has in all
   */
  RestoringBody(Flow.Publisher<ByteBuffer> upstream, long length, Upload.Factory uploads) {
    this.upstream = upstream;
    this.length = length;
    this.uploads = uploads;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> downstream) {
    if (!subscribed.compareAndSet(false, true)) {
      upstream.subscribe(downstream); // fails the second subscriber as the upstream does
      return;
    }
    Tee tee = new Tee(downstream, length);
    tee.upload = uploads.create(tee::pump);
    tee.upload.start();
    upstream.subscribe(tee);
  }
}
