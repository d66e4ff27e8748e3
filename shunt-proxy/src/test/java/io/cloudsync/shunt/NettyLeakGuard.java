package io.cloudsync.shunt;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Turns Netty's leak detector to paranoid and collects its reports, so a test class can assert
 * that no buffer was leaked: {@link #install()} before, {@link #assertNoLeaks()} after.
 */
final class NettyLeakGuard {
  private static ListAppender<ILoggingEvent> appender;

  private NettyLeakGuard() {}

  static synchronized void install() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    if (appender == null) {
      appender = new ListAppender<>();
      appender.start();
      Logger logger = (Logger) LoggerFactory.getLogger("io.netty.util.ResourceLeakDetector");
      logger.addAppender(appender);
    }
  }

  /** Collects garbage, lets the detector look, and fails on any leak report so far. */
  static synchronized void assertNoLeaks() throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      Thread.sleep(100);
      // Leaks are reported when new buffers are tracked.
      for (int i = 0; i < 200; i++) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(64);
        buf.release();
      }
    }
    List<String> leaks = appender.list.stream()
        .filter(e -> e.getFormattedMessage().contains("LEAK"))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
    if (!leaks.isEmpty()) {
      throw new AssertionError("Netty buffers leaked:\n" + String.join("\n\n", leaks));
    }
  }
}
