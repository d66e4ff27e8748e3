package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Range sets read as Swift's {@code swob.Range} reads them. The expectations for the 20-byte
 * object were taken from the SAIO's answers for a local object (206 multipart, 206, 416, 200).
 */
class RangeHeaderTest {

  /** The satisfiable ranges as {@code start-end} (half-open), {@code 416} for none, {@code ignored} for invalid. */
  private static String satisfiable(String header, long length) {
    return RangeHeader.parse(header).map(r -> {
      List<ByteRange> ranges = r.satisfiable(length);
      return ranges.isEmpty() ? "416"
          : ranges.stream().map(b -> b.start() + "-" + b.end()).collect(Collectors.joining(" "));
    }).orElse("ignored");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "bytes=0-0,5-             | 20 | 0-1 5-20",
      "bytes=5-,0-0             | 20 | 5-20 0-1",
      "bytes=0-0,5-6,5-6        | 20 | 0-1 5-7 5-7",
      "bytes=0-0,100-           | 20 | 0-1",
      "bytes=-0,0-0             | 20 | 0-1",
      "bytes=0-0,-3,-50         | 20 | 0-1 17-20 0-20",
      "bytes=100-,200-          | 20 | 416",
      "bytes=-0,-0              | 20 | 416",
      "bytes=0-5,2-8,3-9        | 20 | 416",
      "bytes=0-5,2-8            | 20 | 0-6 2-9",
      "bytes=0-0,5-             | 0  | 416",
      "bytes=-5,-3              | 0  | 0-0 0-0",
      "Bytes= 0-0 , 5-6         | 20 | 0-1 5-7",
      "bytes=0-0,x              | 20 | ignored",
      "bytes=0-0,               | 20 | ignored",
      "bytes=0-0,,5-6           | 20 | ignored",
      "bytes=0-0,6-5            | 20 | ignored",
      "bytes=0-0,-              | 20 | ignored",
      "bytes=0-0,5-6-7          | 20 | ignored",
      "items=0-0,5-6            | 20 | ignored"})
  void readsRangeSetsAsSwiftDoes(String header, long length, String expected) {
    assertThat(satisfiable(header, length)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"7, 7", "8, 416"})
  void eightOrMoreRangesOutOfOrderAre416(int count, String expected) {
    StringBuilder header = new StringBuilder("bytes=");
    for (int i = count - 1; i >= 0; i--) {
      header.append(2 * i).append('-').append(2 * i).append(i > 0 ? "," : "");
    }
    assertThat(count(satisfiable(header.toString(), 100))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"50, 50", "51, 416"})
  void moreThanFiftyRangesAre416(int count, String expected) {
    StringBuilder header = new StringBuilder("bytes=0-0");
    for (int i = 1; i < count; i++) {
      header.append(",19-19"); // repeated, not overlapping: Swift counts them all
    }
    assertThat(count(satisfiable(header.toString(), 20))).isEqualTo(expected);
  }

  private static String count(String ranges) {
    return ranges.equals("416") ? ranges : Integer.toString(ranges.split(" ").length);
  }
}
