package io.cloudsync.shunt;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time a client connection has to deliver a complete request head, from its accept and again
 * from the end of each exchange ({@link ShuntOptions#headTimeout()}). Unlike the idle timer, bytes
 * trickling in do not push it back, so a client that sends a header byte now and then (slowloris)
 * cannot hold a connection. Event loop only.
 */
final class HeadDeadline {
  private final Duration timeout;
  private ScheduledFuture<?> timer;

  HeadDeadline(Duration timeout) {
    this.timeout = timeout;
  }

  /** (Re)starts the clock: {@code expired} runs unless {@link #met()} is called in time. */
  void start(Channel client, Runnable expired) {
    met();
    timer = client.eventLoop().schedule(expired, timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A request head arrived (or the connection is going away): stops the clock. */
  void met() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
