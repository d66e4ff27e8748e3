package io.cloudsync.shunt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SwiftApiPathTest {

  private static SwiftApiPath parse(String uri) {
    return SwiftApiPath.parse(uri).orElseThrow();
  }

  @Test
  void splitsLikeSwift() {
    assertThat(parse("/v1/AUTH_test")).isEqualTo(new SwiftApiPath("v1", "AUTH_test", null, null));
    assertThat(parse("/v1/AUTH_test/")).isEqualTo(new SwiftApiPath("v1", "AUTH_test", null, null));
    assertThat(parse("/v1/AUTH_test/c")).isEqualTo(new SwiftApiPath("v1", "AUTH_test", "c", null));
    assertThat(parse("/v1/AUTH_test/c/")).isEqualTo(new SwiftApiPath("v1", "AUTH_test", "c", null));
    assertThat(parse("/v1.0/AUTH_test/c/o")).isEqualTo(new SwiftApiPath("v1.0", "AUTH_test", "c", "o"));
    assertThat(parse("/v1/a/c/d/e/")).isEqualTo(new SwiftApiPath("v1", "a", "c", "d/e/"));
    assertThat(parse("/v1/a/c//o")).isEqualTo(new SwiftApiPath("v1", "a", "c", "/o"));
    assertThat(parse("/v1/a/c/o?multipart-manifest=get").object()).isEqualTo("o");
    assertThat(parse("http://host:8080/v1/a/c/o?x=1").object()).isEqualTo("o");
  }

  @Test
  void decodesPercentEscapesAndRawBytesAsUtf8() {
    assertThat(parse("/v1/a/c/%C3%A9t%C3%A9%20x+y%2Fz").object()).isEqualTo("\u00e9t\u00e9 x+y/z");
    assertThat(parse("/v1/a/c/\u00c3\u00a9").object()).isEqualTo("\u00e9"); // raw UTF-8 bytes, one char per byte
    assertThat(parse("/v1/a/c%2Fd/o").container()).isEqualTo("c/d".split("/")[0]);
    assertThat(parse("/v1/a/c/100%").object()).isEqualTo("100%");
    assertThat(parse("/v1/a/c/%zz").object()).isEqualTo("%zz");
  }

  @Test
  void rejectsWhatSwiftWouldNotRoute() {
    assertThat(SwiftApiPath.parse("/info")).isEmpty();
    assertThat(SwiftApiPath.parse("/auth/v1.0")).isEmpty();
    assertThat(SwiftApiPath.parse("/v2/a/c/o")).isEmpty();
    assertThat(SwiftApiPath.parse("/v1/")).isEmpty();
    assertThat(SwiftApiPath.parse("/v1/a//o")).isEmpty();
    assertThat(SwiftApiPath.parse("/v1/a/c/%FF")).isEmpty();
    assertThat(SwiftApiPath.parse("/v1/a/c/%00")).isEmpty();
  }

  @Test
  void classifiesOnlyConfiguredReadsAndListings() {
    ArchiveReader reader = r -> null;
    ListingSplicer splicer = (r, l) -> null;
    RequestClassifier c = new RequestClassifier(ShuntRoutes.builder()
        .route("AUTH_a", "arch", reader, splicer)
        .route("AUTH_b", ShuntRoutes.ALL_CONTAINERS, reader, null)
        .route("AUTH_a", "\u00e9t\u00e9", reader, splicer)
        .build());
    assertThat(c.classify(HttpMethod.GET, "/v1/AUTH_a/arch/o").kind()).isEqualTo(Classification.Kind.OBJECT_READ);
    assertThat(c.classify(HttpMethod.HEAD, "/v1/AUTH_a/arch/o").kind()).isEqualTo(Classification.Kind.OBJECT_READ);
    assertThat(c.classify(HttpMethod.GET, "/v1/AUTH_a/%C3%A9t%C3%A9/o").kind())
        .isEqualTo(Classification.Kind.OBJECT_READ);
    assertThat(c.classify(HttpMethod.GET, "/v1/AUTH_a/arch").kind()).isEqualTo(Classification.Kind.LISTING);
    assertThat(c.classify(HttpMethod.GET, "/v1/AUTH_a/arch/?format=json").kind())
        .isEqualTo(Classification.Kind.LISTING);
    assertThat(c.classify(HttpMethod.GET, "/v1/AUTH_a/arch?path=x").kind())
        .isEqualTo(Classification.Kind.PASS_THROUGH);
    assertThat(c.classify(HttpMethod.HEAD, "/v1/AUTH_a/arch").kind()).isEqualTo(Classification.Kind.PASS_THROUGH);
    for (HttpMethod m : new HttpMethod[] {HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS}) {
      assertThat(c.classify(m, "/v1/AUTH_a/arch/o").kind()).isEqualTo(Classification.Kind.PASS_THROUGH);
    }
    assertThat(c.classify(HttpMethod.GET, "/v1/AUTH_a/other/o").kind()).isEqualTo(Classification.Kind.PASS_THROUGH);
    assertThat(c.classify(HttpMethod.GET, "/v1/AUTH_a").kind()).isEqualTo(Classification.Kind.PASS_THROUGH);
    Classification any = c.classify(HttpMethod.GET, "/v1/AUTH_b/whatever/o");
    assertThat(any.kind()).isEqualTo(Classification.Kind.OBJECT_READ);
    assertThat(any.path().container()).isEqualTo("whatever");
    assertThat(any.route().container()).isEqualTo(ShuntRoutes.ALL_CONTAINERS);
    assertThat(c.classify(HttpMethod.GET, "/v1/AUTH_b/whatever").kind()).isEqualTo(Classification.Kind.PASS_THROUGH);
    assertThat(new RequestClassifier(ShuntRoutes.none()).classify(HttpMethod.GET, "/v1/AUTH_a/arch/o").kind())
        .isEqualTo(Classification.Kind.PASS_THROUGH);
    assertThat(Optional.ofNullable(c.classify(HttpMethod.GET, "/info").path())).isEmpty();
  }
}
