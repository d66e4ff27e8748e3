package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expected values were produced by Swift 2.30's own {@code get_listing_content_type} (swob). */
class ListingParamsTest {

  private static Optional<String> type(String accept, String format) {
    String uri = "/v1/a/c" + (format == null ? "" : "?format=" + format);
    return ListingParams.parse(uri, accept).contentType();
  }

  @Test
  void negotiatesTheFormatAsSwobDoes() {
    assertThat(type(null, null)).contains("text/plain");
    assertThat(type("application/json", null)).contains("application/json");
    assertThat(type("text/xml", null)).contains("text/xml");
    assertThat(type("*/*", null)).contains("text/plain");
    assertThat(type("application/*", null)).contains("application/json");
    assertThat(type("text/*;q=0.5, application/xml", null)).contains("application/xml");
    assertThat(type("application/json;q=0", null)).as("swob matches q=0 too").contains("application/json");
    assertThat(type("text/plain;q=0.1, application/json;q=0.1", null)).contains("text/plain");
    assertThat(type("*/*;q=0.9, application/xml", null)).contains("application/xml");
    assertThat(type("application/json;a=1;q=0.2, text/plain;q=0.1", null)).contains("application/json");
    assertThat(type("text/plain; charset=utf-8", null)).contains("text/plain");
    assertThat(type(null, "XML")).contains("application/xml");
    assertThat(type(null, "foo")).contains("text/plain");
    assertThat(type("application/xml", "json")).contains("application/json");
    assertThat(type(null, "")).contains("text/plain");
  }

  @Test
  void requestsSwiftRefusesAreNotNegotiated() {
    assertThat(type("image/png", null)).isEmpty(); // Swift: 406
    assertThat(type("garbage", null)).isEmpty(); // Swift: 400
    assertThat(type("application/json;q=x", null)).isEmpty();
    assertThat(type("text/plain;q=1;q=1", null)).isEmpty();
    assertThat(type("application/json, ", null)).isEmpty();
  }

  @Test
  void readsParametersAsSwiftDoes() {
    ListingParams p = ListingParams.parse(
        "/v1/a/c?prefix=x&prefix=p+q%2F&delimiter=%2F&marker=m%C3%A9&end_marker=z&limit=12&reverse=Yes", null);
    assertThat(p.prefix()).isEqualTo("p q/");
    assertThat(p.delimiter()).isEqualTo("/");
    assertThat(p.marker()).isEqualTo("m\u00e9");
    assertThat(p.endMarker()).isEqualTo("z");
    assertThat(p.limit()).isEqualTo(12);
    assertThat(p.reverse()).isTrue();
    assertThat(p.formatGiven()).isFalse();
    ListingParams q = ListingParams.parse("/v1/a/c?limit=-1&reverse=no&delimiter=&format=json", null);
    assertThat(q.limit()).as("not all digits: Swift's default").isNull();
    assertThat(q.reverse()).isFalse();
    assertThat(q.delimiter()).isNull();
    assertThat(q.formatGiven()).isTrue();
    assertThat(q.isJson()).isTrue();
  }

  @Test
  void swiftIsAskedForJsonWithTheOtherParametersUnchanged() {
    assertThat(ListingParams.jsonUri("/v1/a/c")).isEqualTo("/v1/a/c?format=json");
    assertThat(ListingParams.jsonUri("/v1/a/c?format=xml&prefix=a%20b&forma%74=plain&marker=x"))
        .isEqualTo("/v1/a/c?prefix=a%20b&marker=x&format=json");
    assertThat(ListingParams.jsonUri("/v1/a/c?&limit=2&")).isEqualTo("/v1/a/c?limit=2&format=json");
  }
}
