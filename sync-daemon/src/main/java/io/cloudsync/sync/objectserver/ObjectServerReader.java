package io.cloudsync.sync.objectserver;

import io.cloudsync.crawler.hash.HashPath;
import io.cloudsync.crawler.locate.RingWatcher;
import io.cloudsync.crawler.policy.StoragePolicies;
import io.cloudsync.crawler.ring.Ring;
import io.cloudsync.crawler.ring.RingDevice;
import io.cloudsync.local.ObjectResponses;
import io.cloudsync.local.ObjectStream;
import io.cloudsync.swift.SwiftHttpClients;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.swift.SwiftTimestamp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs an object from its primary object servers ({@code direct_object_reads}), the way Swift's
 * own daemons read with {@code direct_client}: {@code GET /<device>/<partition>/<a>/<c>/<o>} with
 * {@code X-Backend-Storage-Policy-Index}, the nodes from the policy's object ring. That costs the
 * cluster one backend GET, where a GET through the internal proxy costs a proxy request on top of
 * the very same backend GET (on a small object, about three times the CPU).
 *
 * <p>It only ever answers with an object it is sure of: a replicated policy's object, from a node
 * whose copy is at least as new as the row, with nothing that needs the proxy pipeline ({@link
 * ProxyOnlyObjects}: encryption, symlinks, DLOs, middleware system metadata). Anything else, a node
 * that is down, a 404 on every primary, an erasure-coded policy, an unreadable ring, is "not
 * here": the caller reads through the internal proxy as it would without this option, so nothing
 * is lost by trying.
 */
public final class ObjectServerReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectServerReader.class);

  private final Path swiftDir;
  private final HashPath hashPath;
  private final StoragePolicies policies;
  private final String preferredIp;
  private final CloseableHttpClient http;
  private final ConcurrentMap<Integer, Optional<RingWatcher>> rings = new ConcurrentHashMap<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final Counter served;
  private final Counter declined;

  /**
   * @param preferredIp the daemon's own address ({@code swift_bind_ip}), whose object server is
   *     asked first when it holds a replica; null when the daemon binds everywhere
   * @param maxConnections pooled keep-alive connections per object server
   */
  public ObjectServerReader(Path swiftDir, HashPath hashPath, StoragePolicies policies, String preferredIp,
      int maxConnections, MeterRegistry registry) {
    this.swiftDir = swiftDir;
    this.hashPath = hashPath;
    this.policies = policies;
    this.preferredIp = preferredIp;
    this.http = new SwiftHttpClients(maxConnections, maxConnections * 8, Duration.ofSeconds(3),
        Duration.ofSeconds(30)).build();
    this.served = Counter.builder("cloudsync_object_server_reads").tag("result", "served")
        .description("object GETs answered straight by an object server").register(registry);
    this.declined = Counter.builder("cloudsync_object_server_reads").tag("result", "declined")
        .description("object GETs left to the internal proxy (see the log for why)").register(registry);
  }

  /**
   * The object as one of its primary object servers holds it, or empty when the internal proxy
   * must be asked instead (see the class comment). The caller closes the stream.
   *
   * @param policyIndex the container's storage policy
   * @param rowData the row's data timestamp: an older copy is a stale replica and is not used
   */
  public Optional<ObjectStream> open(SwiftPath path, int policyIndex, SwiftTimestamp rowData) {
    Optional<ObjectStream> stream = tryOpen(path, policyIndex, rowData);
    (stream.isPresent() ? served : declined).increment();
    return stream;
  }

  private Optional<ObjectStream> tryOpen(SwiftPath path, int policyIndex, SwiftTimestamp rowData) {
    Optional<Ring> ring = ring(policyIndex);
    if (ring.isEmpty()) {
      return Optional.empty();
    }
    byte[] digest = hashPath.digest(path.account(), path.container(), path.object());
    int partition = ring.get().partition(digest);
    List<RingDevice> nodes = NodeOrder.of(ring.get().primaryNodes(partition), preferredIp, digest[4]);
    for (RingDevice node : nodes) {
      Answer answer = get(node, partition, path, policyIndex, rowData);
      if (answer.stream() != null) {
        return Optional.of(answer.stream());
      }
      if (answer.stop()) {
        return Optional.empty();
      }
    }
    LOG.debug("{}: no primary object server holds a copy as new as {}; reading through the internal proxy",
        path, rowData);
    return Optional.empty();
  }

  /** A node's answer: an object to use, or none and whether asking another node could help. */
  private record Answer(ObjectStream stream, boolean stop) {
    static final Answer NEXT = new Answer(null, false);
    static final Answer PROXY = new Answer(null, true);
  }

  private Answer get(RingDevice node, int partition, SwiftPath path, int policyIndex, SwiftTimestamp rowData) {
    HttpGet request = new HttpGet(URI.create(uri(node, partition, path)));
    request.addHeader("X-Backend-Storage-Policy-Index", Integer.toString(policyIndex));
    ClassicHttpResponse response;
    try {
      response = http.executeOpen(null, request, null);
    } catch (IOException e) {
      LOG.debug("{}: object server {} failed: {}", path, node, e.toString());
      return Answer.NEXT;
    }
    boolean keep = false;
    try {
      int status = response.getCode();
      if (status != 200) {
        LOG.debug("{}: object server {} answered {}", path, node, status);
        return Answer.NEXT;
      }
      for (Header header : response.getHeaders()) {
        String reason = ProxyOnlyObjects.reason(header.getName());
        if (reason != null) {
          LOG.debug("{} is {}: read through the internal proxy", path, reason);
          return Answer.PROXY;
        }
      }
      ObjectStream stream = ObjectResponses.stream(response);
      SwiftTimestamp timestamp = stream.metadata().timestamp();
      if (timestamp == null || timestamp.compareTo(rowData) < 0) {
        LOG.debug("{}: object server {} holds an older copy ({} < {})", path, node, timestamp, rowData);
        return Answer.NEXT;
      }
      keep = true;
      return new Answer(stream, true);
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: unusable answer from object server {}: {}", path, node, e.toString());
      return Answer.NEXT;
    } finally {
      if (!keep) {
        SwiftHttpClients.closeQuietly(response);
      }
    }
  }

  private static String uri(RingDevice node, int partition, SwiftPath path) {
    String host = node.ip().contains(":") ? "[" + node.ip() + "]" : node.ip();
    return "http://" + host + ":" + node.port() + "/" + SwiftNames.quote(node.device(), "") + "/" + partition
        + "/" + SwiftNames.quote(path.account(), "") + "/" + SwiftNames.quote(path.container(), "")
        + "/" + SwiftNames.quote(path.object(), "/");
  }

  /** The object ring of a replicated policy, or empty (reported once) for any other. */
  private Optional<Ring> ring(int policyIndex) {
    Optional<RingWatcher> watcher = rings.computeIfAbsent(policyIndex, this::watcher);
    return watcher.map(RingWatcher::ring);
  }

  private Optional<RingWatcher> watcher(int policyIndex) {
    Optional<StoragePolicies.Policy> policy = policies.get(policyIndex);
    if (policy.isEmpty()) {
      report("storage policy " + policyIndex + " is not in " + swiftDir.resolve("swift.conf")
          + ": its objects are read through the internal proxy");
      return Optional.empty();
    }
    if (policy.get().type() != StoragePolicies.Type.REPLICATION) {
      report("storage policy " + policyIndex + " (" + policy.get().name() + ") is " + policy.get().typeName()
          + ": only the proxy assembles its objects, so they are read through the internal proxy");
      return Optional.empty();
    }
    Path file = policy.get().ringFile(swiftDir);
    try {
      return Optional.of(new RingWatcher(file));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read the object ring {} of storage policy {} ({}): its objects are read through the"
          + " internal proxy", file, policyIndex, e.getMessage());
      return Optional.empty();
    }
  }

  private void report(String message) {
    if (reported.add(message)) {
      LOG.info(message);
    }
  }


  @Override
  public void close() {
    SwiftHttpClients.closeQuietly(http);
  }
}
