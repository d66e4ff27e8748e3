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
  void parsesOnlyOriginFormTheFormSwiftIsSent() {
    for (String target : new String[] {"http://host:8080/v1/a/c/o?x=1", "https://h/v1/a/c/o", "foo://h/v1/a/c/o",
        "v1/a/c/o", "%2Fv1/a/c/o", "*", "host:8080"}) {
      assertThat(SwiftApiPath.parse(target)).as(target).isEmpty();
    }
  }

  @Test
  void absoluteFormBecomesTheOriginFormThatIsForwarded() {
    assertThat(OriginForm.of("/v1/a/c/o?x=1")).isEqualTo("/v1/a/c/o?x=1");
    assertThat(OriginForm.of("http://any/v1/a/c/o")).isEqualTo("/v1/a/c/o");
    assertThat(OriginForm.of("HTTPS://user@any:443/v1/a/c/o?multipart-manifest=get"))
        .isEqualTo("/v1/a/c/o?multipart-manifest=get");
    assertThat(OriginForm.of("foo+bar.x-y://h/v1/a/c/o")).isEqualTo("/v1/a/c/o");
    assertThat(OriginForm.of("http://any")).isEqualTo("/");
    assertThat(OriginForm.of("http://any?x=1")).isEqualTo("/?x=1");
    assertThat(OriginForm.of("*")).isEqualTo("*");
    assertThat(OriginForm.of("host:8080")).isEqualTo("host:8080");
    assertThat(OriginForm.of("1http://h/v1/a/c/o")).isEqualTo("1http://h/v1/a/c/o");
  }

  @Test
  void namesWithDotSegmentsAreNeverIntercepted() {
    RequestClassifier c = new RequestClassifier(ShuntRoutes.builder()
        .route("AUTH_a", ShuntRoutes.ALL_CONTAINERS, r -> null, (r, l) -> null).build());
    assertThat(c.classify(HttpMethod.GET, "/v1/AUTH_a/c/a..b/.x/x./...").kind())
        .isEqualTo(Classification.Kind.OBJECT_READ);
    for (String target : new String[] {"/v1/AUTH_a/c/../../x/AUTH_b/c/o", "/v1/AUTH_a/c/%2e%2e/o",
        "/v1/AUTH_a/c/..%2fo", "/v1/AUTH_a/c/.%2E", "/v1/AUTH_a/c/a/./b", "/v1/AUTH_a/c/.", "/v1/AUTH_a/../o",
        "/v1/AUTH_a/%2E/o", "/v1/../c/o", "/v1/AUTH_a/..", "/v1/AUTH_a/../"}) {
      for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD}) {
        assertThat(c.classify(m, target).kind()).as(m + " " + target).isEqualTo(Classification.Kind.PASS_THROUGH);
      }
    }
    assertThat(c.classify(HttpMethod.GET, "http://any/v1/AUTH_a/c/o").kind())
        .isEqualTo(Classification.Kind.PASS_THROUGH);
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

  @Test
  void deletesAndPostsOfObjectsAreChangesOnlyWithAWriterAndNeverWithDotSegmentsOrAbsoluteForm() {
    ArchiveWriter writer = r -> null;
    RequestClassifier c = new RequestClassifier(ShuntRoutes.builder()
        .route("AUTH_a", "arch", r -> null, (r, l) -> null, writer)
        .route("AUTH_a", "readonly", r -> null, (r, l) -> null)
        .build());
    for (HttpMethod m : new HttpMethod[] {HttpMethod.DELETE, HttpMethod.POST}) {
      assertThat(c.classify(m, "/v1/AUTH_a/arch/o").kind()).as(m.name()).isEqualTo(Classification.Kind.OBJECT_CHANGE);
      assertThat(c.classify(m, "/v1/AUTH_a/arch/d/o?x=1").kind()).isEqualTo(Classification.Kind.OBJECT_CHANGE);
      assertThat(c.classify(m, "/v1/AUTH_a/arch/d/o?multipart-manifest=delete").kind())
          .as("Swift's slo middleware answers it without authorizing the DELETE")
          .isEqualTo(Classification.Kind.PASS_THROUGH);
      for (String target : new String[] {"/v1/AUTH_a/arch", "/v1/AUTH_a", "/v1/AUTH_a/readonly/o",
          "/v1/AUTH_a/arch/../readonly/o", "/v1/AUTH_a/arch/%2e%2e/o", "/v1/AUTH_a/arch/./o",
          "http://any/v1/AUTH_a/arch/o", "/v1/AUTH_a/other/o"}) {
        assertThat(c.classify(m, target).kind()).as(m + " " + target).isEqualTo(Classification.Kind.PASS_THROUGH);
      }
    }
    for (HttpMethod m : new HttpMethod[] {HttpMethod.PUT, HttpMethod.OPTIONS, HttpMethod.valueOf("COPY")}) {
      assertThat(c.classify(m, "/v1/AUTH_a/arch/o").kind()).isEqualTo(Classification.Kind.PASS_THROUGH);
    }
  }
}
