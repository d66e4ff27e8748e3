package io.cloudsync.shunt.archive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * The body of a {@code 206} to a request for several ranges, laid out byte for byte as Swift lays
 * it out ({@code swob.Response._prepare_for_ranges}, {@code document_iters_to_multipart_byteranges}):
 * for each range {@code --B\r\nContent-Type: T\r\nContent-Range: bytes a-b/N\r\n\r\n}, its bytes and
 * {@code \r\n}; then {@code --B--} with no line end. The boundary is 32 random hex digits, as
 * Swift's.
 */
final class MultipartByteranges {
  private final String boundary = UUID.randomUUID().toString().replace("-", "");
  private final SegmentedBody body;

  /**
   * @param partType the object's {@code Content-Type}, repeated in each part
   * @param ranges the ranges, in the order asked
   * @param objectLength the object's length
   * @param read reads one range's bytes (exactly {@link ByteRange#length()} of them)
   */
  MultipartByteranges(String partType, List<ByteRange> ranges, long objectLength,
      Function<ByteRange, CompletionStage<Flow.Publisher<ByteBuffer>>> read) {
    List<SegmentedBody.Segment> segments = new ArrayList<>();
    String before = "";
    for (ByteRange range : ranges) {
      segments.add(SegmentedBody.Segment.of(bytes(before + "--" + boundary + "\r\nContent-Type: " + partType
          + "\r\nContent-Range: " + range.contentRange(objectLength) + "\r\n\r\n")));
      segments.add(new SegmentedBody.Segment(range.length(), () -> read.apply(range)));
      before = "\r\n";
    }
    segments.add(SegmentedBody.Segment.of(bytes(before + "--" + boundary + "--")));
    body = new SegmentedBody(segments);
  }

  /** Header values go on the wire one char per byte, and so do these. */
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  String contentType() {
    return "multipart/byteranges;boundary=" + boundary;
  }

  long contentLength() {
    return body.length();
  }

  Flow.Publisher<ByteBuffer> body() {
    return body;
  }
}
