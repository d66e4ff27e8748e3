package io.cloudsync.shunt.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TransportTest {
  @Test
  void nativeEpollOnLinuxX8664() {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"));
    String arch = System.getProperty("os.arch");
    assumeTrue(arch.equals("amd64") || arch.equals("x86_64"));
    Transport t = Transport.best();
    assertNull(t.unavailability(), t.describe());
    assertEquals("epoll", t.name());
    assertEquals(EpollSocketChannel.class, t.channel());
  }

  @Test
  void groupThreadsAreNamed() throws Exception {
    for (Transport t : new Transport[] {Transport.best(), Transport.nio()}) {
      EventLoopGroup group = t.newGroup(1, "transport-test");
      try {
        String name = group.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
        assertEquals(true, name.startsWith("transport-test-"), name);
      } finally {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      }
    }
  }
}
