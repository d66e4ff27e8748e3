package io.cloudsync.store.s3;

import io.cloudsync.largeobject.ManifestException;
import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.naming.DotSegments;
import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.BlockingCalls;
import io.cloudsync.store.DirectGet;
import io.cloudsync.store.InputStreamPublisher;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreFeature;
import io.cloudsync.swift.SwiftPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads archived objects and listings from an S3 bucket written with swift-s3-sync's key naming
 * ({@link S3KeyNaming}). Object reads pass the client's {@code Range} and {@code If-*} headers and
 * return S3's answer as it is (status, raw headers, body streamed with back-pressure); listings
 * use {@code ListObjects} (v1, with {@code encoding-type=url} except on GCS) under the container's
 * key prefix and come back in Swift terms.
 *
 * <p>The SDK client is blocking, so calls run on the reader's own bounded thread pool
 * ({@code maxConnections} threads, which is also the HTTP pool size); a body holds a thread only
 * while it reads ahead ({@value #PREFETCH} chunks of {@value #CHUNK_SIZE} bytes at most). A pooled connection waits at most {@link #ACQUIRE_TIMEOUT}.
 */
public final class S3RemoteReader implements RemoteReader {
  /** Bytes read from S3 per body chunk. */
  public static final int CHUNK_SIZE = 256 * 1024;
  /** Chunks read ahead of the client's demand (bounds the memory of one read: 1 MiB). */
  public static final int PREFETCH = 4;
  /** Waiting for a pooled connection: a reader must fail rather than hang a client for minutes. */
  static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
  /** S3's limit on key length, in UTF-8 bytes: longer names were never archived. */
  private static final int MAX_KEY_BYTES = 1024;

  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final S3StoreSettings settings;
  private final S3Client client;
  private final BlockingCalls calls;
  /** Signs direct GETs; null unless the endpoint is a plain-HTTP S3 clone ({@link S3GetSigner#supports}). */
  private final S3GetSigner directGets;

  public S3RemoteReader(S3StoreSettings settings) {
    this(settings, Clock.systemUTC());
  }

  /** @param clock signs direct GETs ({@link StoreFeature#DIRECT_GET}) */
  public S3RemoteReader(S3StoreSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.directGets = S3GetSigner.supports(settings) ? new S3GetSigner(settings, clock) : null;
    this.client = createClient(settings);
    this.calls = new BlockingCalls("s3-read", settings.maxConnections(),
        "S3 reader for " + describe() + " is closed");
  }

  /** Same SDK setup as the sync side ({@link S3ClientFactory}), minus upload plumbing, with a short acquire timeout. */
  private static S3Client createClient(S3StoreSettings settings) {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder()
            .maxConnections(settings.maxConnections())
            .connectionTimeout(S3ClientFactory.CONNECT_TIMEOUT)
            .socketTimeout(S3ClientFactory.SOCKET_TIMEOUT)
            .connectionAcquisitionTimeout(ACQUIRE_TIMEOUT)
            .connectionMaxIdleTime(S3ClientFactory.MAX_IDLE)
            .tcpKeepAlive(true)
            .proxyConfiguration(S3ClientFactory.proxy(settings)))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(settings.identity(), settings.secret())))
        .region(S3ClientFactory.region(settings))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));
    var endpoint = settings.effectiveEndpoint();
    if (endpoint != null) {
      builder.endpointOverride(endpoint).forcePathStyle(!settings.isAmazon());
    } else {
      builder.crossRegionAccessEnabled(true);
    }
    return builder.build();
  }

  public S3StoreSettings settings() {
    return settings;
  }

  @Override
  public Set<StoreFeature> features() {
    return directGets == null ? Set.of() : Set.of(StoreFeature.DIRECT_GET);
  }

  /** {@inheritDoc} A SigV4-signed, path-style GET, as the SDK would send it ({@link S3GetSigner}). */
  @Override
  public Optional<DirectGet> directGet(SwiftPath path, Map<String, String> conditions) {
    if (directGets == null) {
      throw new UnsupportedOperationException(describe() + " has no direct GETs");
    }
    if (DotSegments.in(path)) {
      return Optional.empty();
    }
    String key = naming(path.account(), path.container()).objectKey(path.object());
    return tooLong(key) ? Optional.empty() : Optional.of(directGets.get(key, conditions));
  }

  @Override
  public List<Map.Entry<String, String>> directAnswerHeaders(List<Map.Entry<String, String>> answerHeaders) {
    return S3ReadHeaders.toSwift(answerHeaders);
  }

  /** The key naming of a container in this bucket. */
  public S3KeyNaming naming(String account, String container) {
    return new S3KeyNaming(account, container, settings.customPrefix());
  }

  @Override
  public CompletionStage<ReadResponse> read(SwiftPath path, boolean head, Map<String, String> conditions) {
    return submit(() -> head ? doHead(path, conditions) : doGet(path, conditions));
  }

  @Override
  public CompletionStage<Optional<SloManifest>> manifest(SwiftPath path) {
    return submit(() -> doGetManifest(path));
  }

  @Override
  public CompletionStage<ListingPage> list(String account, String container, ListingQuery query) {
    if (query.reverse()) {
      throw new IllegalArgumentException("S3 lists only in ascending order; " + describe() + " has no reverse listing");
    }
    return submit(() -> doList(account, container, query));
  }

  /**
   * {@code <endpoint>;<bucket>;<key prefix>}: the endpoint as configured, {@code AWS S3} for Amazon
   * S3 without an endpoint, {@code Google Cloud Storage} for GCS (upstream's names).
   */
  @Override
  public String contentLocation(String account, String container) {
    String where;
    if (settings.gcsProfile()) {
      where = "Google Cloud Storage";
    } else if (settings.endpoint() == null) {
      where = "AWS S3";
    } else {
      where = settings.endpoint().toString();
    }
    return where + ";" + settings.bucket() + ";" + naming(account, container).listingPrefix();
  }

  @Override
  public String describe() {
    String where = settings.effectiveEndpoint() == null ? "Amazon S3" : settings.effectiveEndpoint().toString();
    return "s3 bucket '" + settings.bucket() + "' at " + where;
  }

  @Override
  public void close() {
    calls.close();
    client.close();
  }

  @Override
  public String toString() {
    return "S3RemoteReader[" + describe() + "]";
  }

  // ---------------------------------------------------------------- reads

  private <T> CompletionStage<T> submit(BlockingCalls.Call<T> call) {
    return calls.submit(call);
  }

  private ReadResponse doGet(SwiftPath path, Map<String, String> conditions) throws StoreException {
    if (DotSegments.in(path)) {
      return notStored();
    }
    String key = naming(path.account(), path.container()).objectKey(path.object());
    if (tooLong(key)) {
      return notStored();
    }
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(settings.bucket()).key(key);
    Conditions.of(conditions).applyTo(request, GetObjectRequest.Builder::range, GetObjectRequest.Builder::ifMatch,
        GetObjectRequest.Builder::ifNoneMatch, GetObjectRequest.Builder::ifModifiedSince,
        GetObjectRequest.Builder::ifUnmodifiedSince);
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = client.getObject(request.build());
    } catch (AwsServiceException e) {
      return errorResponse(e);
    } catch (SdkException e) {
      throw S3Errors.map(e, what("GET", key));
    }
    SdkHttpResponse http = in.response().sdkHttpResponse();
    return answer(http, new InputStreamPublisher(in, in::abort, calls.executor(), CHUNK_SIZE, PREFETCH));
  }

  private ReadResponse doHead(SwiftPath path, Map<String, String> conditions) throws StoreException {
    if (DotSegments.in(path)) {
      return notStored();
    }
    String key = naming(path.account(), path.container()).objectKey(path.object());
    if (tooLong(key)) {
      return notStored();
    }
    HeadObjectRequest.Builder request = HeadObjectRequest.builder().bucket(settings.bucket()).key(key);
    Conditions.of(conditions).applyTo(request, HeadObjectRequest.Builder::range, HeadObjectRequest.Builder::ifMatch,
        HeadObjectRequest.Builder::ifNoneMatch, HeadObjectRequest.Builder::ifModifiedSince,
        HeadObjectRequest.Builder::ifUnmodifiedSince);
    try {
      HeadObjectResponse response = client.headObject(request.build());
      return answer(response.sdkHttpResponse(), null);
    } catch (AwsServiceException e) {
      return errorResponse(e);
    } catch (SdkException e) {
      throw S3Errors.map(e, what("HEAD", key));
    }
  }

  /** GETs the {@code .manifests} copy; read whole, as it is bounded by {@link SloManifest#MAX_JSON_BYTES}. */
  private Optional<SloManifest> doGetManifest(SwiftPath path) throws StoreException {
    if (DotSegments.in(path)) {
      return Optional.empty();
    }
    String key = naming(path.account(), path.container()).manifestKey(path.object());
    GetObjectRequest request = GetObjectRequest.builder().bucket(settings.bucket()).key(key).build();
    try (ResponseInputStream<GetObjectResponse> in = client.getObject(request)) {
      byte[] json = in.readNBytes(SloManifest.MAX_JSON_BYTES + 1);
      if (json.length > SloManifest.MAX_JSON_BYTES) {
        in.abort();
        throw new StoreException(StoreException.Kind.REJECTED, what("GET", key) + ": the SLO manifest is larger than "
            + SloManifest.MAX_JSON_BYTES + " bytes");
      }
      return Optional.of(SloManifest.parse(json));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw S3Errors.map(e, what("GET", key));
    } catch (SdkException e) {
      throw S3Errors.map(e, what("GET", key));
    } catch (IOException e) {
      throw new StoreException(StoreException.Kind.TRANSIENT, what("GET", key) + ": " + e.getMessage(), e);
    } catch (ManifestException e) {
      throw new StoreException(StoreException.Kind.REJECTED, what("GET", key) + ": " + e.getMessage(), e);
    }
  }

  private static boolean tooLong(String key) {
    return key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES;
  }

  /** A key S3 cannot hold was never archived: answer as S3 would for a missing key. */
  private static ReadResponse notStored() {
    return new ReadResponse(404, List.of(), null);
  }

  private static ReadResponse answer(SdkHttpResponse http, Flow.Publisher<ByteBuffer> body) {
    List<Map.Entry<String, String>> s3 = headers(http.headers());
    return new ReadResponse(http.statusCode(), S3ReadHeaders.toSwift(s3), body, S3ReadHeaders.sloEtag(s3), null);
  }

  /**
   * An error status with S3's headers translated and no body: S3 error bodies carry signing details
   * ({@code StringToSign}, {@code CanonicalRequest}), so only the error code and message are kept,
   * for the caller's log.
   */
  private static ReadResponse errorResponse(AwsServiceException e) {
    AwsErrorDetails details = e.awsErrorDetails();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    if (details != null && details.sdkHttpResponse() != null) {
      for (Map.Entry<String, String> h : S3ReadHeaders.toSwift(headers(details.sdkHttpResponse().headers()))) {
        String name = h.getKey().toLowerCase(Locale.ROOT);
        if (!name.equals("content-length") && !name.equals("transfer-encoding")) {
          headers.add(h);
        }
      }
    }
    String code = details == null || details.errorCode() == null ? "" : details.errorCode();
    String message = details == null || details.errorMessage() == null ? "" : details.errorMessage();
    String detail = code.isEmpty() && message.isEmpty() ? "no details" : code + (message.isEmpty() ? "" : ": " + message);
    return new ReadResponse(e.statusCode(), headers, null, null, detail);
  }

  private static List<Map.Entry<String, String>> headers(Map<String, List<String>> raw) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    raw.forEach((name, values) -> {
      for (String value : values) {
        out.add(Map.entry(name, value == null ? "" : value));
      }
    });
    return out;
  }

  // ---------------------------------------------------------------- listings

  private ListingPage doList(String account, String container, ListingQuery query) throws StoreException {
    S3KeyNaming naming = naming(account, container);
    String keyPrefix = naming.listingPrefix();
    ListObjectsRequest.Builder request = ListObjectsRequest.builder()
        .bucket(settings.bucket())
        .prefix(keyPrefix + query.prefix())
        .maxKeys(query.limit());
    if (query.delimiter() != null) {
      request.delimiter(query.delimiter());
    }
    if (!query.marker().isEmpty()) {
      request.marker(keyPrefix + query.marker());
    }
    if (!settings.gcsProfile()) {
      request.encodingType(EncodingType.URL); // keys with control characters survive XML
    }
    ListObjectsResponse response;
    try {
      response = client.listObjects(request.build());
    } catch (SdkException e) {
      throw S3Errors.map(e, what("LIST", keyPrefix + query.prefix()));
    }
    List<ListingEntry> entries = new ArrayList<>();
    String lastKey = null;
    for (S3Object object : response.contents()) {
      lastKey = max(lastKey, object.key());
      String name = visibleName(naming, object.key());
      if (name != null) {
        entries.add(ListingEntry.object(name, unquote(object.eTag()),
            object.size() == null ? 0 : object.size(), object.lastModified()));
      }
    }
    for (CommonPrefix prefix : response.commonPrefixes()) {
      lastKey = max(lastKey, prefix.prefix());
      String name = visibleName(naming, prefix.prefix());
      if (name != null) {
        entries.add(ListingEntry.subdir(name));
      }
    }
    entries.sort(Comparator.comparing(ListingEntry::key, RemoteReader::compareNames));
    boolean truncated = Boolean.TRUE.equals(response.isTruncated());
    String next = null;
    if (truncated) {
      String raw = response.nextMarker() != null && !response.nextMarker().isEmpty()
          ? max(response.nextMarker(), lastKey) : lastKey;
      if (raw == null) {
        truncated = false; // a truncated page without keys or marker cannot be continued
      } else {
        next = raw.startsWith(keyPrefix) ? raw.substring(keyPrefix.length()) : raw;
      }
    }
    return new ListingPage(entries, truncated, next);
  }

  /** The object name of a listed key, or null for keys that are not objects of the container. */
  private static String visibleName(S3KeyNaming naming, String key) {
    String name = naming.objectName(key).orElse(null);
    if (name == null) {
      return null;
    }
    if (naming.customPrefix().isPresent() && name.startsWith(".manifests/")) {
      return null; // 1space keeps SLO manifests under the custom prefix
    }
    return name;
  }

  private static String max(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return RemoteReader.compareNames(a, b) >= 0 ? a : b;
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    String e = etag.strip();
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      return e.substring(1, e.length() - 1);
    }
    return e;
  }

  private String what(String operation, String key) {
    String where = settings.effectiveEndpoint() == null ? "Amazon S3" : settings.effectiveEndpoint().toString();
    return operation + " '" + LogSafe.text(key) + "' in bucket '" + settings.bucket() + "' at " + where;
  }

  // ---------------------------------------------------------------- helpers

  /** The client's conditional headers, made acceptable to S3. */
  private record Conditions(String range, String ifMatch, String ifNoneMatch, Instant ifModifiedSince,
      Instant ifUnmodifiedSince) {

    /** Sets each condition that is present on {@code builder} (GET and HEAD builders share no type). */
    <B> void applyTo(B builder, BiConsumer<B, String> setRange, BiConsumer<B, String> setIfMatch,
        BiConsumer<B, String> setIfNoneMatch, BiConsumer<B, Instant> setIfModifiedSince,
        BiConsumer<B, Instant> setIfUnmodifiedSince) {
      if (range != null) {
        setRange.accept(builder, range);
      }
      if (ifMatch != null) {
        setIfMatch.accept(builder, ifMatch);
      }
      if (ifNoneMatch != null) {
        setIfNoneMatch.accept(builder, ifNoneMatch);
      }
      if (ifModifiedSince != null) {
        setIfModifiedSince.accept(builder, ifModifiedSince);
      }
      if (ifUnmodifiedSince != null) {
        setIfUnmodifiedSince.accept(builder, ifUnmodifiedSince);
      }
    }

    static Conditions of(Map<String, String> headers) {
      String range = null;
      String ifMatch = null;
      String ifNoneMatch = null;
      Instant modified = null;
      Instant unmodified = null;
      for (Map.Entry<String, String> h : headers.entrySet()) {
        String value = h.getValue();
        if (value == null || value.isBlank()) {
          continue;
        }
        switch (h.getKey().toLowerCase(Locale.ROOT)) {
          case "range" -> range = value.strip();
          case "if-match" -> ifMatch = quoteEtags(value);
          case "if-none-match" -> ifNoneMatch = quoteEtags(value);
          case "if-modified-since" -> modified = httpDate(value);
          case "if-unmodified-since" -> unmodified = httpDate(value);
          default -> { }
        }
      }
      return new Conditions(range, ifMatch, ifNoneMatch, modified, unmodified);
    }

    /** Swift accepts bare ETags in {@code If-Match}; HTTP (and S3) want them quoted. */
    static String quoteEtags(String value) {
      List<String> out = new ArrayList<>();
      for (String token : value.split(",")) {
        String t = token.strip();
        if (t.isEmpty()) {
          continue;
        }
        if (t.equals("*") || t.startsWith("\"") || t.startsWith("W/")) {
          out.add(t);
        } else {
          out.add("\"" + t + "\"");
        }
      }
      return String.join(", ", out);
    }

    /** An invalid date is ignored, as HTTP says (and Swift does). */
    static Instant httpDate(String value) {
      try {
        return ZonedDateTime.parse(value.strip(), HTTP_DATE).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }
}
