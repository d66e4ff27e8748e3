package io.cloudsync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SmallTypesTest {

  @Test
  void editDistanceCountsAdjacentSwapsOnce() {
    assertThat(KeySet.distance("aws_bukcet", "aws_bucket")).isEqualTo(1);
    assertThat(KeySet.distance("", "abc")).isEqualTo(3);
    assertThat(KeySet.distance("retain_locl", "retain_local")).isEqualTo(1);
  }

  @Test
  void closestSuggestsWithinTwoEditsOnly() {
    Set<String> keys = Set.of("aws_bucket", "aws_endpoint", "account");
    assertThat(KeySet.closest("AWS_BUCKET", keys)).isEqualTo("aws_bucket");
    assertThat(KeySet.closest("acount", keys)).isEqualTo("account");
    assertThat(KeySet.closest("bucket", keys)).isNull();
  }

  @Test
  void hostPortParsing() {
    assertThat(HostPort.parse("127.0.0.1:9811")).isEqualTo(new HostPort("127.0.0.1", 9811));
    assertThat(HostPort.parse("localhost:1")).isEqualTo(new HostPort("localhost", 1));
    assertThat(HostPort.parse("[::1]:80").toString()).isEqualTo("[::1]:80");
    assertThatThrownBy(() -> HostPort.parse("::1:80"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HostPort.parse(":80")).hasMessageContaining("missing host");
    assertThatThrownBy(() -> HostPort.parse("h:x")).hasMessageContaining("port");
  }

  @Test
  void enumsParseTheirJsonSpellings() {
    assertThat(Protocol.fromJson("swift")).contains(Protocol.SWIFT);
    assertThat(Protocol.fromJson("S3")).isEmpty();
    assertThat(ListingDuplicates.fromJson("Upstream")).contains(ListingDuplicates.UPSTREAM);
    assertThat(LogLevel.fromJson("CRITICAL")).contains(LogLevel.ERROR);
    assertThat(LogLevel.fromJson("trace")).isEmpty();
  }

  @Test
  void configExceptionFormat() {
    ConfigException e = new ConfigException("f.json", "a.b", "bad", 3, 4);
    assertThat(e.getMessage()).isEqualTo("f.json: a.b: bad (line 3, column 4)");
    assertThat(new ConfigException("f.json", "", "bad", -1, -1).getMessage())
        .isEqualTo("f.json: bad");
  }
}
