package io.cloudsync.migrate.local;

import io.cloudsync.crawler.locate.ReplicaLocator;
import io.cloudsync.crawler.ring.Ring;
import io.cloudsync.crawler.ring.RingDevice;
import io.cloudsync.swift.SwiftHttpClients;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftTimestamp;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Sets a local container's ACLs ({@code X-Container-Read}, {@code X-Container-Write}) on its
 * container servers directly (a timestamped container POST to each primary in the ring), as
 * Swift's own daemons do: Swift's proxy accepts ACL headers only from the account's owner, and a
 * request through the internal proxy has no owner, so the proxy would drop them silently.
 */
public final class ContainerAcls implements AutoCloseable {
  private final ReplicaLocator locator;
  private final Clock clock;
  private final CloseableHttpClient http;

  public ContainerAcls(ReplicaLocator locator, Clock clock) {
    this.locator = locator;
    this.clock = clock;
    this.http = new SwiftHttpClients(4, 16, Duration.ofSeconds(10), Duration.ofSeconds(60)).build();
  }

  /**
   * POSTs {@code acls} to every primary container server of the container; succeeds when a
   * majority accepted (replication brings the rest).
   *
   * @throws LocalSwiftException when fewer than a majority answered 2xx
   */
  public void set(String account, String container, List<Map.Entry<String, String>> acls)
      throws LocalSwiftException {
    Ring ring = locator.ring();
    int partition = ring.partition(locator.hashPath().digest(account, container));
    List<RingDevice> nodes = ring.primaryNodes(partition);
    String timestamp = SwiftTimestamp.ofInstant(clock.instant()).internal();
    int ok = 0;
    String last = "";
    for (RingDevice node : nodes) {
      String host = node.ip().contains(":") ? "[" + node.ip() + "]" : node.ip();
      URI uri = URI.create("http://" + host + ":" + node.port() + "/" + SwiftNames.quote(node.device(), "") + "/"
          + partition + SwiftNames.containerPath(account, container).substring("/v1".length()));
      HttpPost post = new HttpPost(uri);
      post.addHeader("X-Timestamp", timestamp);
      acls.forEach(h -> post.addHeader(h.getKey(), h.getValue()));
      try (CloseableHttpResponse response = http.execute(post)) {
        EntityUtils.consume(response.getEntity());
        if (response.getCode() / 100 == 2) {
          ok++;
        } else {
          last = node.ip() + ":" + node.port() + "/" + node.device() + " answered " + response.getCode();
        }
      } catch (IOException e) {
        last = node.ip() + ":" + node.port() + "/" + node.device() + ": " + e.getMessage();
      }
    }
    if (ok * 2 <= nodes.size()) {
      throw new LocalSwiftException("setting the ACLs of " + account + "/" + container + " on its container servers: "
          + ok + " of " + nodes.size() + " accepted (" + last + ")", 0, null);
    }
  }

  @Override
  public void close() {
    SwiftHttpClients.closeQuietly(http);
  }
}
