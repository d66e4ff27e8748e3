package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.shunt.ArchiveRequest;
import io.cloudsync.shunt.ShuntResponse;
import io.cloudsync.swift.SwiftPath;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Archived GETs for several ranges through {@link RemoteArchiveReader}, over a remote that serves
 * one range per read as S3 does. The expected bodies are the SAIO's for the same 20-byte object.
 */
class MultiRangeReadTest {
  private static final String DATA = "0123456789abcdefghij";
  private static final Pattern MULTIPART = Pattern.compile("multipart/byteranges;boundary=([0-9a-f]{32})");

  private final RangedRemoteReader remote = new RangedRemoteReader(DATA.getBytes(StandardCharsets.US_ASCII));
  private final RemoteArchiveReader reader = new RemoteArchiveReader(remote, null);

  private ShuntResponse read(HttpMethod method, String... headers) throws Exception {
    HttpHeaders request = new DefaultHttpHeaders();
    for (int i = 0; i < headers.length; i += 2) {
      request.add(headers[i], headers[i + 1]);
    }
    HttpHeaders swift404 = new DefaultHttpHeaders().add("X-Trans-Id", "tx1");
    return reader.read(new ArchiveRequest(method, "/v1/AUTH_a/c/o", new SwiftPath("AUTH_a", "c", "o"), null,
        request, swift404)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String text(ShuntResponse response) throws Exception {
    return new String(Bodies.drain(response.body()), StandardCharsets.ISO_8859_1);
  }

  private static String boundary(ShuntResponse response) {
    Matcher m = MULTIPART.matcher(response.headers().get("Content-Type"));
    assertThat(m.matches()).as(response.headers().get("Content-Type")).isTrue();
    return m.group(1);
  }

  private static String part(String boundary, String range, String bytes) {
    return "--" + boundary + "\r\nContent-Type: text/x-probe\r\nContent-Range: bytes " + range + "\r\n\r\n"
        + bytes + "\r\n";
  }

  @Test
  void severalRangesAreA206MultipartBodyLaidOutByteForByteAsSwiftLaysItOut() throws Exception {
    ShuntResponse response = read(HttpMethod.GET, "Range", "bytes=0-0,5-");

    assertThat(response.status().code()).isEqualTo(206);
    String b = boundary(response);
    String body = text(response);
    assertThat(body).isEqualTo(part(b, "0-0/20", "0") + part(b, "5-19/20", "56789abcdefghij") + "--" + b + "--");
    assertThat(response.headers().get("Content-Length")).isEqualTo(Integer.toString(body.length())).isEqualTo("247");
    assertThat(response.headers().get("Etag")).isEqualTo(remote.etag);
    assertThat(response.headers().get("X-Object-Meta-Color")).isEqualTo("blue");
    assertThat(response.headers().get("X-Trans-Id")).isEqualTo("tx1");
    assertThat(response.headers().contains("Content-Range")).isFalse();
    assertThat(remote.reads.get(0).head()).as("the length comes from a HEAD").isTrue();
    assertThat(remote.rangesRead()).containsExactly("bytes=0-0", "bytes=5-19");
    assertThat(remote.reads).filteredOn(r -> !r.head())
        .allSatisfy(r -> assertThat(r.conditions()).containsEntry("If-Match", remote.etag));
  }

  @Test
  void rangesAreServedInTheOrderAskedAndRepeatsAreNotCoalesced() throws Exception {
    ShuntResponse response = read(HttpMethod.GET, "Range", "bytes=5-,0-0");
    String b = boundary(response);
    assertThat(text(response)).isEqualTo(part(b, "5-19/20", "56789abcdefghij") + part(b, "0-0/20", "0") + "--" + b + "--");

    response = read(HttpMethod.GET, "Range", "bytes=0-0,5-6,5-6");
    b = boundary(response);
    assertThat(text(response)).isEqualTo(part(b, "0-0/20", "0") + part(b, "5-6/20", "56") + part(b, "5-6/20", "56")
        + "--" + b + "--");
    assertThat(response.headers().get("Content-Length")).isEqualTo("332");
  }

  @Test
  void noSatisfiableRangeOrAnEgregiousSetIs416WithTheObjectsLengthAndNoBodyRead() throws Exception {
    for (String range : new String[] {"bytes=100-,200-", "bytes=-0,-0", "bytes=0-5,2-8,3-9"}) {
      ShuntResponse response = read(HttpMethod.GET, "Range", range);
      assertThat(response.status().code()).as(range).isEqualTo(416);
      assertThat(response.headers().get("Content-Range")).isEqualTo("bytes */20");
      assertThat(text(response)).startsWith("416");
    }
    assertThat(remote.reads).allSatisfy(r -> assertThat(r.head()).isTrue());
  }

  @Test
  void oneSatisfiableRangeIsAnOrdinary206() throws Exception {
    ShuntResponse response = read(HttpMethod.GET, "Range", "bytes=0-0,100-");
    assertThat(response.status().code()).isEqualTo(206);
    assertThat(response.headers().get("Content-Range")).isEqualTo("bytes 0-0/20");
    assertThat(response.headers().get("Content-Type")).isEqualTo("text/x-probe");
    assertThat(text(response)).isEqualTo("0");
    assertThat(remote.rangesRead()).containsExactly("bytes=0-0");
  }

  @Test
  void aHeadOrAnUnparsableRangeSetIsAnsweredAsWithoutRange() throws Exception {
    ShuntResponse head = read(HttpMethod.HEAD, "Range", "bytes=0-0,5-");
    assertThat(head.status().code()).isEqualTo(200);
    assertThat(head.headers().get("Content-Length")).isEqualTo("20");
    ShuntResponse get = read(HttpMethod.GET, "Range", "bytes=0-0,x");
    assertThat(get.status().code()).isEqualTo(200);
    assertThat(text(get)).isEqualTo(DATA);
    assertThat(remote.reads).allSatisfy(r -> assertThat(r.conditions()).doesNotContainKey("Range"));
  }

  @Test
  void conditionsAreAnsweredBeforeRanges() throws Exception {
    ShuntResponse notModified = read(HttpMethod.GET, "Range", "bytes=0-0,5-", "If-None-Match", remote.etag);
    assertThat(notModified.status().code()).isEqualTo(304);
    ShuntResponse failed = read(HttpMethod.GET, "Range", "bytes=0-0,5-", "If-Match", "nope");
    assertThat(failed.status().code()).isEqualTo(412);
    assertThat(remote.rangesRead()).isEmpty();
  }

  @Test
  void anObjectOverwrittenWhileItsRangesAreReadCutsTheBody() throws Exception {
    ShuntResponse response = read(HttpMethod.GET, "Range", "bytes=0-0,5-");
    remote.etag = "0000000000000000000000000000ffff";
    assertThatThrownBy(() -> text(response)).hasRootCauseInstanceOf(java.io.IOException.class)
        .rootCause().hasMessageContaining("got 412");
  }

  @Test
  void eachRangeIsReadOnlyWhenTheClientHasTakenWhatCameBefore() throws Exception {
    ShuntResponse response = read(HttpMethod.GET, "Range", "bytes=0-0,5-6,10-11");
    List<String> received = new ArrayList<>();
    List<Flow.Subscription> subscription = new ArrayList<>();
    response.body().subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription.add(s);
      }

      @Override
      public void onNext(ByteBuffer item) {
        received.add(StandardCharsets.ISO_8859_1.decode(item).toString());
      }

      @Override
      public void onError(Throwable t) {
        received.add("error " + t);
      }

      @Override
      public void onComplete() {
        received.add("complete");
      }
    });
    subscription.get(0).request(1);
    assertThat(received).singleElement().asString().endsWith("Content-Range: bytes 0-0/20\r\n\r\n");
    assertThat(remote.rangesRead()).containsExactly("bytes=0-0");
    subscription.get(0).request(1);
    assertThat(received).last().isEqualTo("0");
    subscription.get(0).request(1);
    assertThat(remote.rangesRead()).containsExactly("bytes=0-0", "bytes=5-6");
    subscription.get(0).request(100);
    assertThat(remote.rangesRead()).containsExactly("bytes=0-0", "bytes=5-6", "bytes=10-11");
    assertThat(received).last().isEqualTo("complete");
  }
}
