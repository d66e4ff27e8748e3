package io.cloudsync.shunt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM's graceful stop: requests in progress finish, idle connections close, nothing new is accepted. */
class ShuntShutdownTest extends ScriptedShuntTestBase {
  @Test
  void aRequestInProgressFinishesAndIdleConnectionsClose() throws Exception {
    CountDownLatch requestArrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    backend = new ScriptedBackend((conn, i) -> {
      String head = conn.readHead();
      if (head.contains("/slow")) {
        requestArrived.countDown();
        release.await(10, TimeUnit.SECONDS);
        conn.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow");
      } else {
        conn.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nfast");
      }
      conn.readHead();
    });
    shunt = ShuntServer.start(new InetSocketAddress("127.0.0.1", 0), backend.uri(), ShuntRoutes.none(),
        ShuntOptions.defaults().withIoThreads(2));
    InetSocketAddress address = shunt.localAddress();
    try (RawHttp idle = new RawHttp(address); RawHttp busy = new RawHttp(address)) {
      assertThat(idle.head("GET", "/v1/a/c/fast", "Host: x").read(false).text()).isEqualTo("fast");
      busy.head("GET", "/v1/a/c/slow", "Host: x");
      assertThat(requestArrived.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> shunt.shutdown(Duration.ofSeconds(10)));
      assertThat(idle.closedByPeer(5_000)).as("an idle keep-alive connection closes at once").isTrue();
      Thread.sleep(300);
      assertThat(stopped).isNotDone();
      assertThatThrownBy(() -> new Socket(address.getAddress(), address.getPort()).close())
          .as("no new connections").isInstanceOf(ConnectException.class);

      release.countDown();
      RawHttp.Response slow = busy.read(false);
      assertThat(slow.status()).isEqualTo(200);
      assertThat(slow.text()).isEqualTo("slow");
      assertThat(busy.closedByPeer(5_000)).as("closed after its response").isTrue();
      assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
