package io.cloudsync.shunt.archive;

import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/** The client's body: the remote body, teed into an {@link Upload}. One subscriber. */
final class RestoringBody implements Flow.Publisher<ByteBuffer> {
  private final Flow.Publisher<ByteBuffer> upstream;
  private final Upload.Factory uploads;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  RestoringBody(Flow.Publisher<ByteBuffer> upstream, Upload.Factory uploads) {
    this.upstream = upstream;
    this.uploads = uploads;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> downstream) {
    if (!subscribed.compareAndSet(false, true)) {
      upstream.subscribe(downstream); // fails the second subscriber as the upstream does
      return;
    }
    Tee tee = new Tee(downstream);
    tee.upload = uploads.create(tee::pump);
    tee.upload.start();
    upstream.subscribe(tee);
  }
}
