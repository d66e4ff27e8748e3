package io.cloudsync.sync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudsync.store.ListedEtags;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.StoreException;
import io.cloudsync.local.InternalProxyClient;
import io.cloudsync.swift.SwiftPath;
import io.cloudsync.swift.SwiftTimestamp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The requests one row costs on each side, against a fake internal proxy and a recording store. */
class ObjectSyncerTest {
  static final SwiftPath PATH = new SwiftPath("AUTH_test", "c", "obj");
  static final byte[] BODY = "hello world".getBytes(StandardCharsets.UTF_8);
  static final String ETAG = "5eb63bbbe01eeed093cb22bb8f5acdc3";
  static final String OTHER_ETAG = "0123456789abcdef0123456789abcdef";
  static final SwiftTimestamp ROW = SwiftTimestamp.parse("1700000000.00000");
  static final String FRESH = "1700000000.00000";
  static final String STALE = "1600000000.00000";

  final List<String> proxyCalls = Collections.synchronizedList(new ArrayList<>());
  final RecordingStore remote = new RecordingStore();
  HttpServer server;
  InternalProxyClient local;
  /** What the fake proxy answers: status, X-Timestamp without and with X-Newest, extra header. */
  volatile int status = 200;
  volatile String timestamp = FRESH;
  volatile String newestTimestamp = FRESH;
  volatile String[] extraHeader;
  /** How many more user metadata items the fake proxy sends. */
  volatile int extraMetadataItems;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    local = new InternalProxyClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), 4);
  }

  @AfterEach
  void stop() {
    local.close();
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    boolean newest = "true".equals(exchange.getRequestHeaders().getFirst("X-Newest"));
    proxyCalls.add(exchange.getRequestMethod() + (newest ? " newest" : ""));
    exchange.getRequestBody().readAllBytes();
    if (status != 200) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return;
    }
    var headers = exchange.getResponseHeaders();
    headers.add("Etag", ETAG);
    headers.add("Content-Type", "text/plain");
    headers.add("X-Timestamp", newest ? newestTimestamp : timestamp);
    headers.add("X-Object-Meta-Color", "blue");
    if (extraHeader != null) {
      headers.add(extraHeader[0], extraHeader[1]);
    }
    for (int i = 0; i < extraMetadataItems; i++) {
      headers.add("X-Object-Meta-Item" + i, "v" + i);
    }
    if ("HEAD".equals(exchange.getRequestMethod())) {
      headers.add("Content-Length", String.valueOf(BODY.length));
      exchange.sendResponseHeaders(200, -1);
    } else {
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BODY);
      }
    }
    exchange.close();
  }

  private RowOutcome copy(boolean dryRun) {
    return new ObjectSyncer(local, remote, false, dryRun).copy(PATH, ROW, ROW);
  }

  @Test
  void aNewObjectCostsARemoteHeadOneLocalGetAndAPut() {
    RowOutcome outcome = copy(false);
    assertThat(outcome.kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(outcome.bytes()).isEqualTo(BODY.length);
    assertThat(proxyCalls).containsExactly("GET");
    assertThat(remote.calls).containsExactly("head", "upload");
    assertThat(remote.uploaded).isEqualTo(BODY);
    assertThat(remote.uploadedMetadata.etag()).isEqualTo(ETAG);
    assertThat(remote.uploadedMetadata.contentType()).isEqualTo("text/plain");
    assertThat(remote.uploadedMetadata.userMetadata()).containsEntry("color", "blue");
  }

  @Test
  void aRefusalOfOneObjectWhileTheBucketAnswersIsARowFailure() {
    remote.uploadFailure = new StoreException(StoreException.Kind.AUTH, "403 AccessDenied for this key");
    RowOutcome outcome = copy(false);
    assertThat(outcome.kind()).isEqualTo(RowOutcome.Kind.FAILED);
    assertThat(outcome.detail()).contains("403 AccessDenied for this key").contains("only this object");
    assertThat(remote.calls).containsExactly("head", "upload", "probe");
  }

  @Test
  void aRefusalThatTheBucketProbeConfirmsBlocksTheMapping() {
    remote.uploadFailure = new StoreException(StoreException.Kind.AUTH, "403 AccessDenied for this key");
    remote.probeFailure = new StoreException(StoreException.Kind.AUTH, "403 InvalidAccessKeyId on the bucket");
    RowOutcome outcome = copy(false);
    assertThat(outcome.kind()).isEqualTo(RowOutcome.Kind.BLOCKED);
    assertThat(outcome.detail()).contains("403 AccessDenied for this key");
    assertThat(remote.calls).containsExactly("head", "upload", "probe");
  }

  @Test
  void anObjectWithSwiftsMaximumMetadataIsRead() {
    extraMetadataItems = 89 + 60; // Swift's 90 items, plus room for sysmeta and standard headers
    assertThat(copy(false).kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(remote.uploadedMetadata.userMetadata()).hasSize(150).containsEntry("item148", "v148");
  }

  @Test
  void aRetriedUploadReadsAFreshGet() {
    remote.opensPerUpload = 2;
    assertThat(copy(false).kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(proxyCalls).containsExactly("GET", "GET");
    assertThat(remote.uploaded).isEqualTo(BODY);
  }

  @Test
  void aCurrentRemoteCopyCostsTwoHeads() {
    remote.existing = remoteObject();
    remote.current = true;
    assertThat(copy(false).kind()).isEqualTo(RowOutcome.Kind.ALREADY_CURRENT);
    assertThat(proxyCalls).containsExactly("HEAD");
    assertThat(remote.calls).containsExactly("head");
  }

  @Test
  void sameDataIsAMetadataUpdateWithoutReadingTheBody() {
    remote.existing = remoteObject();
    remote.sameData = true;
    assertThat(copy(false).kind()).isEqualTo(RowOutcome.Kind.METADATA_UPDATED);
    assertThat(proxyCalls).containsExactly("HEAD");
    assertThat(remote.calls).containsExactly("head", "updateMetadata");
  }

  @Test
  void aGetFromAStaleReplicaFallsBackToTheNewestHead() {
    timestamp = STALE;
    assertThat(copy(false).kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(proxyCalls).containsExactly("GET", "HEAD", "HEAD newest", "GET");
    assertThat(remote.calls).containsExactly("head", "upload");
    assertThat(remote.uploaded).isEqualTo(BODY);
  }

  @Test
  void anObjectGoneLocallyIsSkipped() {
    status = 404;
    assertThat(copy(false).kind()).isEqualTo(RowOutcome.Kind.LOCAL_GONE);
    assertThat(proxyCalls).containsExactly("GET");
    assertThat(remote.calls).containsExactly("head");
  }

  @Test
  void aLargeObjectsGetIsDroppedAndItsHeadDecides() {
    extraHeader = new String[] {"X-Object-Manifest", "segs/obj/"};
    assertThat(copy(false).kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(proxyCalls).containsExactly("GET", "HEAD");
    assertThat(remote.calls).containsExactly("head", "uploadLargeObject");
  }

  @Test
  void anUploadRefusedBeforeReadingLeavesNoConnectionBehind() {
    remote.refuse = true;
    for (int i = 0; i < 6; i++) { // more rows than the pool's 4 connections
      assertThat(copy(false).kind()).isEqualTo(RowOutcome.Kind.UNSYNCABLE);
    }
    assertThat(proxyCalls).hasSize(6);
  }

  @Test
  void aDryRunOnlyHeads() {
    assertThat(copy(true).kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(proxyCalls).containsExactly("HEAD");
    assertThat(remote.calls).containsExactly("head");
  }

  // ---------------------------------------------------------------- with a remote listing

  private RowOutcome copyListed(String rowEtag, ListedEtags listing) {
    return new ObjectSyncer(local, remote, false, false).copy(PATH, 0, ROW, ROW, rowEtag, listing);
  }

  private static ListedEtags listing(String name, String etag) {
    return new ListedEtags.Builder().add(name, etag).build();
  }

  @Test
  void aNewObjectTheListingLacksCostsNoRemoteHead() {
    RowOutcome outcome = copyListed(ETAG, listing("other", ETAG));
    assertThat(outcome.kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(proxyCalls).containsExactly("GET");
    assertThat(remote.calls).containsExactly("upload");
    assertThat(remote.uploaded).isEqualTo(BODY);
  }

  @Test
  void aListedCopyWithOtherDataIsReplacedWithoutARemoteHead() {
    assertThat(copyListed(ETAG, listing("obj", OTHER_ETAG)).kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(proxyCalls).containsExactly("GET");
    assertThat(remote.calls).containsExactly("upload");
  }

  @Test
  void aListedCopyWithTheSameEtagIsHeadedForItsMetadata() {
    remote.existing = remoteObject();
    remote.current = true;
    assertThat(copyListed(ETAG, listing("obj", "\"" + ETAG + "\"")).kind()).isEqualTo(RowOutcome.Kind.ALREADY_CURRENT);
    assertThat(proxyCalls).containsExactly("HEAD");
    assertThat(remote.calls).containsExactly("head");
  }

  @Test
  void aGetThatFindsTheListedEtagFallsBackToTheRemoteHead() {
    // the row still names an older version; the object now holds what the remote holds
    remote.existing = remoteObject();
    remote.sameData = true;
    assertThat(copyListed(OTHER_ETAG, listing("obj", ETAG)).kind()).isEqualTo(RowOutcome.Kind.METADATA_UPDATED);
    assertThat(proxyCalls).containsExactly("GET", "HEAD");
    assertThat(remote.calls).containsExactly("head", "updateMetadata");
  }

  @Test
  void aLargeObjectTheListingLacksSkipsOnlyTheRemoteHead() {
    extraHeader = new String[] {"X-Object-Manifest", "segs/obj/"};
    assertThat(copyListed(ETAG, ListedEtags.NOTHING).kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(proxyCalls).containsExactly("GET", "HEAD");
    assertThat(remote.calls).containsExactly("uploadLargeObject");
  }

  @Test
  void aLargeObjectWithAListedCopyIsHeaded() {
    extraHeader = new String[] {"X-Object-Manifest", "segs/obj/"};
    copyListed(ETAG, listing("obj", OTHER_ETAG));
    assertThat(proxyCalls).containsExactly("GET", "HEAD");
    assertThat(remote.calls).first().isEqualTo("head");
  }

  @Test
  void withoutARowEtagOrAListingTheRemoteIsHeaded() {
    copyListed(null, ListedEtags.NOTHING);
    copyListed(ETAG, ListedEtags.UNLISTED);
    assertThat(remote.calls).containsExactly("head", "upload", "head", "upload");
  }

  @Test
  void aDryRunIgnoresTheListing() {
    RowOutcome outcome = new ObjectSyncer(local, remote, false, true).copy(PATH, 0, ROW, ROW, ETAG, ListedEtags.NOTHING);
    assertThat(outcome.kind()).isEqualTo(RowOutcome.Kind.COPIED);
    assertThat(proxyCalls).containsExactly("HEAD");
    assertThat(remote.calls).containsExactly("head");
  }

  private static RemoteObject remoteObject() {
    return new RemoteObject(ETAG, "text/plain", BODY.length, new TreeMap<>(), null, false, null);
  }

  /** Records calls; {@code upload} reads the body {@code opensPerUpload} times, as SDK retries would. */
}
