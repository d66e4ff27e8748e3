package io.cloudsync.store;

import static io.cloudsync.store.Bodies.cancelAfterFirstChunk;
import static io.cloudsync.store.Bodies.readAll;
import static io.cloudsync.store.TestBytes.concat;
import static io.cloudsync.store.TestBytes.md5;
import static io.cloudsync.store.TestBytes.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.store.RemoteReader.ListingEntry;
import io.cloudsync.store.RemoteReader.ListingPage;
import io.cloudsync.store.RemoteReader.ListingQuery;
import io.cloudsync.store.RemoteReader.ReadResponse;
import io.cloudsync.swift.SwiftPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link RemoteReader} answers for objects the sync archived, laid out by the
 * backend's own client ({@link ArchiveSeeder}): reads in Swift terms (unquoted ETag and metadata),
 * ranges, conditions, errors without bodies, names that were never archived, connections released
 * by cancelled bodies, listings in code point order across pages, SLO manifests, and the optional
 * {@link StoreFeature#REVERSE_LISTING} and {@link StoreFeature#DIRECT_GET}.
 */
public abstract class RemoteReaderContract extends ReaderFixture {
  protected static final byte[] DATA = "0123456789".getBytes(StandardCharsets.US_ASCII);
  /** Swift's text {@code bléu}, which a Swift client gets as its UTF-8 bytes, one char per byte. */
  protected static final Map<String, String> META = Map.of("color", "bl\u00e9u");
  protected static final String META_ON_THE_WIRE = "bl\u00c3\u00a9u";
  /**
   * Listed names, in code point (UTF-8 byte) order: odd characters, a control character (where
   * {@link ArchiveSeeder#listsControlCharacters}), a subdir.
   */
  protected static final List<String> NAMES = List.of("a b", "a+b", "c/1", "c/2", "d\u0001ctl", "x\uff01",
      "z\ud83d\ude00", "\u00e9t\u00e9");
  /** In code point order, though {@link String#compareTo} puts the surrogate pair (U+1F600) before U+FF01. */
  protected static final List<String> BEYOND_FFFF = List.of("x\uff01", "x\ud83d\ude00", "y");
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  @Test
  void getAnswersWithTheObjectInSwiftTerms() throws Exception {
    SwiftPath path = seedObject();

    ReadResponse get = get(path, Map.of());

    assertThat(get.status()).isEqualTo(200);
    assertThat(get.header("Etag")).as("unquoted").isEqualTo(md5(DATA));
    assertThat(get.header("X-Object-Meta-color")).isEqualTo(META_ON_THE_WIRE);
    assertThat(get.headers()).as("the metadata under its Swift name only")
        .extracting(h -> h.getKey().toLowerCase(Locale.ROOT)).filteredOn(name -> name.endsWith("color"))
        .containsExactly("x-object-meta-color");
    assertThat(get.header("Content-Type")).isEqualTo("text/x-test");
    assertThat(get.header("Content-Length")).isEqualTo("10");
    assertThat(lastModified(get)).isBetween(Instant.now().minus(Duration.ofHours(1)),
        Instant.now().plus(Duration.ofHours(1)));
    assertThat(get.header("X-Static-Large-Object")).isNull();
    assertThat(get.sloEtag()).isNull();
    assertThat(get.errorDetail()).isNull();
    assertThat(readAll(get.body())).isEqualTo(DATA);
  }

  @Test
  void headAnswersLikeGetWithoutABody() throws Exception {
    SwiftPath path = seedObject();

    ReadResponse head = head(path, Map.of());

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isNull();
    assertThat(head.header("Content-Length")).isEqualTo("10");
    assertThat(head.header("Etag")).isEqualTo(md5(DATA));
    assertThat(head.header("X-Object-Meta-color")).isEqualTo(META_ON_THE_WIRE);
    assertThat(head.header("Content-Type")).isEqualTo("text/x-test");
    assertThat(head.sloEtag()).isNull();
  }

  @Test
  void aRangeIsPartialContent() throws Exception {
    SwiftPath path = seedObject();

    ReadResponse range = get(path, Map.of("Range", "bytes=3-5"));
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.header("Content-Range")).isEqualTo("bytes 3-5/10");
    assertThat(range.header("Content-Length")).isEqualTo("3");
    assertThat(range.header("Etag")).isEqualTo(md5(DATA));
    assertThat(new String(readAll(range.body()), StandardCharsets.US_ASCII)).isEqualTo("345");

    ReadResponse suffix = get(path, Map.of("range", "bytes=-2"));
    assertThat(suffix.status()).isEqualTo(206);
    assertThat(suffix.header("Content-Range")).isEqualTo("bytes 8-9/10");
    assertThat(new String(readAll(suffix.body()), StandardCharsets.US_ASCII)).isEqualTo("89");

    assertError(get(path, Map.of("Range", "bytes=20-30")), 416);
  }

  @Test
  void etagConditionsAreAnsweredWithoutABody() throws Exception {
    SwiftPath path = seedObject();
    String etag = md5(DATA);

    for (String match : List.of(etag, "\"" + etag + "\"")) {
      ReadResponse notModified = get(path, Map.of("If-None-Match", match));
      assertThat(notModified.status()).as("If-None-Match: %s", match).isEqualTo(304);
      assertThat(notModified.body()).isNull();
    }
    assertThat(readAll(ok(get(path, Map.of("If-None-Match", "\"other\""))).body())).isEqualTo(DATA);

    assertError(get(path, Map.of("If-Match", "\"nope\"")), 412);
    assertThat(readAll(ok(get(path, Map.of("If-Match", etag))).body())).isEqualTo(DATA);
  }

  @Test
  void dateConditionsCompareWithLastModified() throws Exception {
    SwiftPath path = seedObject();
    ZonedDateTime modified = ZonedDateTime.parse(head(path, Map.of()).header("Last-Modified"), HTTP_DATE);
    // A second after: S3Proxy compares with the millisecond time, not with the Last-Modified it sends.
    // Waited for, as a date in the future is no valid condition.
    ZonedDateTime after = modified.plusSeconds(1);
    while (after.toInstant().isAfter(Instant.now().minusMillis(100))) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    String secondAfter = HTTP_DATE.format(after);
    String dayBefore = HTTP_DATE.format(modified.minusDays(1));

    ReadResponse notModified = get(path, Map.of("If-Modified-Since", secondAfter));
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body()).isNull();
    assertThat(readAll(ok(get(path, Map.of("If-Modified-Since", dayBefore))).body())).isEqualTo(DATA);

    assertError(get(path, Map.of("If-Unmodified-Since", dayBefore)), 412);
    assertThat(readAll(ok(get(path, Map.of("If-Unmodified-Since", secondAfter))).body())).isEqualTo(DATA);
  }

  @Test
  void aMissingObjectIsNotFound() throws Exception {
    seedObject();

    assertError(get(path("missing"), Map.of()), 404);
    ReadResponse head = head(path("missing"), Map.of());
    assertThat(head.status()).isEqualTo(404);
    assertThat(head.body()).isNull();
    assertThat(head.errorDetail()).isNotBlank();
  }

  @Test
  void aNameTheBackendCannotHoldIsNotFound() throws Exception {
    SwiftPath path = path(seeder.unstorableName(ACCOUNT, CONTAINER));

    assertNeverRead(path);
  }

  /** Each name would resolve to {@code obj} on a server that resolves dot segments. */
  @ParameterizedTest
  @ValueSource(strings = {"../" + CONTAINER + "/obj", "./obj", "a/../obj"})
  void aDotSegmentNameIsNeverRead(String name) throws Exception {
    seedObject();

    assertNeverRead(path(name));
  }

  @Test
  void aCancelledBodyReleasesItsConnection() throws Exception {
    byte[] data = random(6 << 20, 1);
    SwiftPath path = path("big");
    seeder.put(path, data, "application/octet-stream", Map.of());
    try (RemoteReader single = openReader(1)) {
      for (int i = 0; i < 3; i++) {
        cancelAfterFirstChunk(read(single, path, false, Map.of()).body());
      }
      // One pooled connection: a read that still held it would wait here for the acquire timeout.
      assertThat(readAll(read(single, path, false, Map.of()).body())).isEqualTo(data);
      read(single, path, false, Map.of()).discard();
      assertThat(read(single, path, true, Map.of()).status()).isEqualTo(200);
    }
  }

  @Test
  void aListingComesInAscendingPages() throws Exception {
    assertThat(NAMES).isSortedAccordingTo(RemoteReader::compareNames);
    List<String> seeded = seedNames();
    seeder.put(new SwiftPath(ACCOUNT, CONTAINER + "x", "other container"), new byte[] {1}, "text/plain", Map.of());

    Pages pages = allPages(2, false);
    assertThat(pages.names()).containsExactlyElementsOf(seeded);
    assertThat(pages.count()).isGreaterThanOrEqualTo((seeded.size() + 1) / 2);
  }

  @Test
  void namesBeyondUffffAreListedInCodePointOrder() throws Exception {
    assertThat(BEYOND_FFFF).isSortedAccordingTo(RemoteReader::compareNames);
    for (String name : BEYOND_FFFF) {
      seeder.put(path(name), new byte[] {1}, "text/plain", Map.of());
    }

    assertThat(names(new ListingQuery("", null, "", 1000))).as("one page").containsExactlyElementsOf(BEYOND_FFFF);
    assumeThat(seeder.listsInCodePointOrder()).as("the server lists keys in code point order").isTrue();
    assertThat(allPages(1, false).names()).containsExactlyElementsOf(BEYOND_FFFF);
    assertThat(names(new ListingQuery("", null, "x\uff01", 10))).containsExactly("x\ud83d\ude00", "y");
  }

  @Test
  void aDelimiterRollsNamesUpIntoSubdirs() throws Exception {
    List<String> seeded = seedNames();

    ListingPage rolled = list(CONTAINER, new ListingQuery("", "/", "", 1000));

    assertThat(rolled.truncated()).isFalse();
    assertThat(rolled.nextMarker()).isNull();
    assertThat(rolled.entries()).extracting(ListingEntry::key)
        .containsExactlyElementsOf(seeded.stream().map(n -> n.startsWith("c/") ? "c/" : n).distinct().toList());
    assertThat(rolled.entries().get(2)).isEqualTo(ListingEntry.subdir("c/"));
    ListingEntry first = rolled.entries().get(0);
    assertThat(first.isSubdir()).isFalse();
    assertThat(first.bytes()).isEqualTo(1);
    assertThat(first.hash()).isEqualTo(md5(new byte[] {1}));
    assertThat(first.lastModified()).isBetween(Instant.now().minus(Duration.ofHours(1)),
        Instant.now().plus(Duration.ofHours(1)));
  }

  @Test
  void aPrefixAndAMarkerNarrowTheListing() throws Exception {
    seedNames();

    assertThat(names(new ListingQuery("c/", null, "c/1", 10))).containsExactly("c/2");
    assertThat(names(new ListingQuery("c/", "/", "", 10))).containsExactly("c/1", "c/2");
    assertThat(names(new ListingQuery("", null, "x\uff01", 10))).containsExactly("z\ud83d\ude00", "\u00e9t\u00e9");
    assertThat(names(new ListingQuery("nothing", null, "", 10))).isEmpty();
  }

  @Test
  void aReverseListingOnlyWhereTheReaderDeclaresIt() throws Exception {
    ListingQuery reverse = new ListingQuery("", null, "", 2, true);
    if (!reader.features().contains(StoreFeature.REVERSE_LISTING)) {
      assertThatThrownBy(() -> reader.list(ACCOUNT, CONTAINER, reverse)).isInstanceOf(IllegalArgumentException.class);
      return;
    }
    List<String> descending = new ArrayList<>(seedNames());
    Collections.reverse(descending);
    assertThat(allPages(2, true).names()).containsExactlyElementsOf(descending);
    int marker = descending.indexOf("x\uff01");
    assertThat(names(new ListingQuery("", null, "x\uff01", 2, true)))
        .containsExactlyElementsOf(descending.subList(marker + 1, marker + 3));
  }

  @Test
  void anArchivedSloHasItsManifestAndItsSloEtag() throws Exception {
    byte[] first = random(5 << 20, 2);
    byte[] second = random(1000, 3);
    byte[] json = manifestJson(first, second);
    SwiftPath path = path("slo");
    seeder.putSlo(path, List.of(first, second), json, md5(json));

    SloManifest manifest = manifest(path).orElseThrow();
    if (seeder.keepsManifestCopy()) {
      assertThat(manifest.json()).isEqualTo(json);
    }
    assertThat(manifest.entries()).isEqualTo(SloManifest.parse(json).entries());
    assertThat(manifest.contentLength()).isEqualTo(first.length + second.length);

    ReadResponse get = get(path, Map.of());
    assertThat(get.status()).isEqualTo(200);
    String sloEtag = seeder.readSloEtag(json, md5(json));
    assertThat(get.sloEtag()).isEqualTo(sloEtag);
    assertThat(get.header("X-Static-Large-Object")).isEqualToIgnoringCase("true");
    assertThat(get.header("Etag")).isEqualTo(seeder.etag(path));
    assertThat(get.headers()).as("the sync's bookkeeping is no user metadata")
        .extracting(h -> h.getKey().toLowerCase(Locale.ROOT)).noneMatch(name -> name.startsWith("x-object-meta-"));
    assertThat(readAll(get.body())).isEqualTo(concat(first, second));
    assertThat(head(path, Map.of()).sloEtag()).isEqualTo(sloEtag);

    seedObject();
    assertThat(manifest(path("obj"))).as("a plain object").isEmpty();
    assertThat(manifest(path("missing"))).isEmpty();
  }

  @Test
  void theContentLocationAndDescriptionNameTheBucketAndNoSecret() {
    String secret = backend().address(bucket).secret();
    assertThat(reader.contentLocation(ACCOUNT, CONTAINER)).contains(bucket).doesNotContain(secret);
    assertThat(reader.describe()).contains(bucket).doesNotContain(secret);
  }

  @Test
  void aDirectGetIsAnsweredLikeARead() throws Exception {
    assumeThat(reader.features()).as("direct GETs").contains(StoreFeature.DIRECT_GET);
    SwiftPath path = seedObject();

    Direct whole = direct(path, Map.of());
    assertThat(whole.answer().status()).isEqualTo(200);
    assertThat(whole.answer().header("Etag")).isEqualTo(md5(DATA));
    assertThat(whole.answer().header("X-Object-Meta-color")).isEqualTo(META_ON_THE_WIRE);
    assertThat(whole.answer().header("Content-Type")).isEqualTo("text/x-test");
    assertThat(whole.body()).isEqualTo(DATA);

    Direct range = direct(path, Map.of("Range", "bytes=3-5"));
    assertThat(range.answer().status()).isEqualTo(206);
    assertThat(range.answer().header("Content-Range")).isEqualTo("bytes 3-5/10");
    assertThat(new String(range.body(), StandardCharsets.US_ASCII)).isEqualTo("345");

    assertThat(direct(path, Map.of("If-None-Match", md5(DATA))).answer().status()).isEqualTo(304);
  }

  /** A direct GET's answer: its headers in Swift terms, and the body as sent. */
  private record Direct(ReadResponse answer, byte[] body) {}

  private Direct direct(SwiftPath path, Map<String, String> conditions) throws Exception {
    RawHttp.Answer answer = RawHttp.send(reader.directGet(path, conditions).orElseThrow());
    return new Direct(new ReadResponse(answer.status(), reader.directAnswerHeaders(answer.headers()), null),
        answer.body());
  }

  /** A 404 for a name that was never archived: not read, no manifest, no direct GET. */
  private void assertNeverRead(SwiftPath path) throws Exception {
    for (boolean head : List.of(false, true)) {
      ReadResponse answer = read(reader, path, head, Map.of());
      assertThat(answer.status()).as("%s %s", head ? "HEAD" : "GET", path).isEqualTo(404);
      assertThat(answer.body()).isNull();
    }
    assertThat(manifest(path)).isEmpty();
    if (reader.features().contains(StoreFeature.DIRECT_GET)) {
      assertThat(reader.directGet(path, Map.of())).isEmpty();
    }
  }

  /** An error status without a body, explained by the backend's words. */
  private void assertError(ReadResponse answer, int status) {
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.body()).as("error bodies are never handed on").isNull();
    assertThat(answer.header("Content-Length")).isNull();
    assertThat(answer.errorDetail()).contains(seeder.errorWords(status));
  }

  private static ReadResponse ok(ReadResponse answer) {
    assertThat(answer.status()).isEqualTo(200);
    return answer;
  }

  private static Instant lastModified(ReadResponse answer) {
    return ZonedDateTime.parse(answer.header("Last-Modified"), HTTP_DATE).toInstant();
  }

  private Optional<SloManifest> manifest(SwiftPath path) throws Exception {
    return reader.manifest(path).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Every name of the container, read a page of {@code limit} at a time. */
  private record Pages(List<String> names, int count) {}

  private Pages allPages(int limit, boolean reverse) throws Exception {
    List<String> names = new ArrayList<>();
    String marker = "";
    for (int count = 1; ; count++) {
      ListingPage page = list(CONTAINER, new ListingQuery("", null, marker, limit, reverse));
      assertThat(page.entries()).hasSizeLessThanOrEqualTo(limit);
      page.entries().forEach(e -> names.add(e.name()));
      if (!page.truncated()) {
        assertThat(page.nextMarker()).isNull();
        return new Pages(names, count);
      }
      assertThat(page.nextMarker()).isNotNull();
      marker = page.nextMarker();
    }
  }

  private List<String> names(ListingQuery query) throws Exception {
    return list(CONTAINER, query).entries().stream().map(ListingEntry::key).toList();
  }

  private SwiftPath seedObject() {
    SwiftPath path = path("obj");
    seeder.put(path, DATA, "text/x-test", META);
    return path;
  }

  /** Seeds {@link #NAMES} that the backend lists and returns them. */
  private List<String> seedNames() {
    List<String> seeded = NAMES.stream()
        .filter(name -> seeder.listsControlCharacters() || name.chars().noneMatch(Character::isISOControl)).toList();
    for (String name : seeded) {
      seeder.put(path(name), new byte[] {1}, "text/plain", Map.of());
    }
    return seeded;
  }

  /** Swift's stored manifest of two segments in the container {@code segs}. */
  private static byte[] manifestJson(byte[] first, byte[] second) {
    String entry = "{\"name\": \"/segs/%d\", \"bytes\": %d, \"hash\": \"%s\", \"content_type\": "
        + "\"application/octet-stream\", \"last_modified\": \"2024-01-01T00:00:00.000000\"}";
    return ("[" + entry.formatted(1, first.length, md5(first)) + ", " + entry.formatted(2, second.length, md5(second))
        + "]").getBytes(StandardCharsets.UTF_8);
  }
}
