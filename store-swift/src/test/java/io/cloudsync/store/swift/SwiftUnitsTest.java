package io.cloudsync.store.swift;

import static io.cloudsync.store.TestBytes.md5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.config.ListingDuplicates;
import io.cloudsync.config.MappingConfig;
import io.cloudsync.config.Protocol;
import io.cloudsync.config.Secret;
import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.store.LargeBody;
import io.cloudsync.store.MemoryBody;
import io.cloudsync.store.RemoteTarget;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.Test;

/** The Swift backend's pieces that need no cluster: naming, layout, headers, limits, failures. */
class SwiftUnitsTest {

  @Test
  void aMappingBecomesSettingsWithTheRemoteAccountAndThePerAccountPrefix() {
    MappingConfig perAccount = new MappingConfig("AUTH_a", "/*", Protocol.SWIFT, "pre-", "http://swift:8080/auth/v1.0",
        "admin:admin", Secret.of("k"), "AUTH_b", 0, true, true, false, true, null, ListingDuplicates.ONCE, null, null);
    SwiftSettings settings = SwiftSettings.of(RemoteTarget.of(perAccount, 3));
    assertThat(settings.remoteAccount()).isEqualTo("AUTH_b");
    assertThat(settings.perAccount()).isTrue();
    assertThat(settings.container("photos")).isEqualTo("pre-photos");
    assertThat(SwiftSettings.segmentsContainer(settings.container("photos"))).isEqualTo("pre-photos_segments");
    assertThat(settings.describe()).contains("pre-<container>").contains("AUTH_b").doesNotContain("'k'");

    SwiftSettings single = SwiftSettings.of(new RemoteTarget(Protocol.SWIFT, URI.create("https://s/auth/v1.0"), "dst",
        "u", Secret.of("k"), null, false, 2));
    assertThat(single.container("any")).isEqualTo("dst");
    assertThatThrownBy(() -> SwiftSettings.of(new RemoteTarget(Protocol.SWIFT, null, "dst", "u", Secret.of("k"), null,
        false, 2))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth URL");
  }

  @Test
  void urlsEncodeNamesWholeAndInfoSitsBesideV1() {
    URI storage = URI.create("http://127.0.0.1:8080/v1/AUTH_test2");
    assertThat(SwiftSession.Request.of("GET", "c ü", "a b/c?#%").query("prefix", "x/y").url(storage))
        .hasToString("http://127.0.0.1:8080/v1/AUTH_test2/c%20%C3%BC/a%20b%2Fc%3F%23%25?prefix=x%2Fy");
    assertThat(SwiftSession.infoUrl(storage)).hasToString("http://127.0.0.1:8080/info");
    assertThat(SwiftSession.infoUrl(URI.create("https://h/object/v1/AUTH_x"))).hasToString("https://h/object/info");
  }

  @Test
  void limitsComeFromInfoAndWhatIsMissingIsUnknown() {
    SwiftLimits limits = SwiftLimits.parse(("{\"swift\": {\"max_object_name_length\": 1024, \"max_meta_count\": 90,"
        + " \"max_file_size\": 5368709122}, \"slo\": {\"max_manifest_segments\": 1000}}")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(limits.maxObjectNameLength()).isEqualTo(1024);
    assertThat(limits.maxFileSize()).isEqualTo(5368709122L);
    assertThat(limits.maxManifestSegments()).isEqualTo(1000);
    assertThat(limits.maxMetaOverallSize()).isEqualTo(-1);
    assertThat(SwiftLimits.parse("not json".getBytes(StandardCharsets.UTF_8))).isEqualTo(SwiftLimits.UNKNOWN);
  }

  @Test
  void sloSegmentsAreNamedAfterTheirLocalContainerAndRangesAndDataKeepTheirPlace() throws Exception {
    byte[] a = "aaaa".getBytes(StandardCharsets.UTF_8);
    byte[] b = "bbbbbb".getBytes(StandardCharsets.UTF_8);
    byte[] data = "dd".getBytes(StandardCharsets.UTF_8);
    String json = "[{\"name\": \"/segs/x/1\", \"bytes\": 4, \"hash\": \"" + md5(a) + "\"},"
        + " {\"name\": \"/other/x/1\", \"bytes\": 6, \"hash\": \"" + md5(b) + "\", \"range\": \"1-3\"},"
        + " {\"data\": \"ZGQ=\"}]";
    SloManifest manifest = SloManifest.parse(json.getBytes(StandardCharsets.UTF_8));
    MemoryBody body = new MemoryBody("aaaabbbdd".getBytes(StandardCharsets.UTF_8),
        List.of(new LargeBody.Piece(4, md5(a)), new LargeBody.Piece(3, null), new LargeBody.Piece(2, null)),
        manifest.json());

    List<SloSegments.Entry> plan = SloSegments.plan("obj", body);

    assertThat(plan).extracting(SloSegments.Entry::name).containsExactly("segs/x/1", "other/x/1/1-3", null);
    assertThat(plan).extracting(SloSegments.Entry::offset).containsExactly(0L, 4L, 7L);
    assertThat(plan.get(0).md5()).isEqualTo(md5(a));
    assertThat(plan.get(1).md5()).isNull();
    assertThat(plan.get(2).data()).isEqualTo(data);
    // A manifest of whole segments and data: the SLO ETag Swift computes, from the ETags the segments got.
    List<SloSegments.Entry> whole = List.of(plan.get(0), plan.get(2));
    assertThat(SloSegments.sloEtag(whole, java.util.Arrays.asList(md5(a), null))).isEqualTo(SloManifest.parse(
        ("[{\"name\": \"/segs/x/1\", \"bytes\": 4, \"hash\": \"" + md5(a) + "\"}, {\"data\": \"ZGQ=\"}]")
            .getBytes(StandardCharsets.UTF_8)).sloEtag());

    MemoryBody unnamed = new MemoryBody(new byte[10], List.of(new LargeBody.Piece(4, "m1"), new LargeBody.Piece(6,
        "m2")), "[{\"name\": \"/segs/1\"}]".getBytes(StandardCharsets.UTF_8));
    assertThat(SloSegments.plan("dir/obj", unnamed)).extracting(SloSegments.Entry::name)
        .containsExactly("dir/obj/00000000", "dir/obj/00000001");
    assertThat(SloSegments.sloEtag(unnamed.pieces())).isEqualTo(md5("m1m2".getBytes(StandardCharsets.US_ASCII)));
    assertThat(SloSegments.sloEtag(body.pieces())).isNull();
  }

  @Test
  void readAnswersLoseHopByHopHeadersAndBookkeepingAndNameTheRemoteTransaction() {
    Header[] raw = {new BasicHeader("Etag", "\"abc\""), new BasicHeader("Connection", "keep-alive"),
        new BasicHeader("Transfer-Encoding", "chunked"), new BasicHeader("X-Trans-Id", "tx1"),
        new BasicHeader("X-Openstack-Request-Id", "tx1"), new BasicHeader("X-Object-Meta-Swift-Slo-Etag", "e"),
        new BasicHeader("X-Object-Meta-Color", "bl\u00c3\u00a9u"), new BasicHeader("Content-Length", "3")};
    assertThat(SwiftReader.toSwift(raw)).containsExactly(Map.entry("Etag", "abc"),
        Map.entry("Remote-X-Trans-Id", "tx1"), Map.entry("Remote-X-Openstack-Request-Id", "tx1"),
        Map.entry("X-Object-Meta-Color", "bl\u00c3\u00a9u"), Map.entry("Content-Length", "3"));
  }

  @Test
  void aManifestTheStoreWroteGetsItsLocalSegmentNamesBack() throws Exception {
    byte[] remote = ("[{\"name\": \"/c_segments/segs/x/1\", \"bytes\": 4, \"hash\": \"h1\"},"
        + " {\"name\": \"/elsewhere/y\", \"bytes\": 2, \"hash\": \"h2\"}, {\"data\": \"ZGQ=\"}]")
        .getBytes(StandardCharsets.UTF_8);
    SloManifest local = SloManifest.parse(SwiftReader.localNames(remote, "c_segments"));
    assertThat(local.entries().get(0).toString()).isEqualTo("/segs/x/1");
    assertThat(local.entries().get(1).toString()).isEqualTo("/elsewhere/y");
    assertThat(local.sloEtag()).isEqualTo(SloManifest.parse(remote).sloEtag());
  }

  @Test
  void failuresAreClassifiedAndExplainedWithoutMarkup() {
    assertThat(SwiftErrors.kind(401)).isEqualTo(Kind.AUTH);
    assertThat(SwiftErrors.kind(403)).isEqualTo(Kind.AUTH);
    assertThat(SwiftErrors.kind(400)).isEqualTo(Kind.REJECTED);
    assertThat(SwiftErrors.kind(413)).isEqualTo(Kind.REJECTED);
    assertThat(SwiftErrors.kind(422)).isEqualTo(Kind.TRANSIENT);
    assertThat(SwiftErrors.kind(503)).isEqualTo(Kind.TRANSIENT);
    assertThat(SwiftErrors.explanation("<html><h1>Bad Request</h1><p>Metadata value longer than 256</p></html>"
        .getBytes(StandardCharsets.UTF_8))).isEqualTo("Bad Request Metadata value longer than 256");
    URI url = URI.create("http://h/v1/a/c/o");
    StoreException refused = SwiftErrors.io("object PUT", url, new IOException(new ConnectException("refused")));
    assertThat(refused.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(refused.getMessage()).contains("http://h/v1/a/c/o").contains("refused");
    StoreException local = SwiftErrors.io("object PUT", url,
        new LocalContent.ReadFailure(new IOException("segment /s/2 is missing locally")));
    assertThat(local.kind()).isEqualTo(Kind.TRANSIENT);
    assertThat(local.getMessage()).contains("reading the local content failed: segment /s/2 is missing locally");
  }
}
