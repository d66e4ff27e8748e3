package io.cloudsync.store.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import io.cloudsync.largeobject.ManifestException;
import io.cloudsync.largeobject.SloManifest;
import io.cloudsync.logging.LogSafe;
import io.cloudsync.naming.DotSegments;
import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.BlockingCalls;
import io.cloudsync.store.InputStreamPublisher;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.swift.SwiftPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Reads archived objects and listings from a GCS bucket written with the S3 layout, for the
 * shunt. A read fetches the object's resource, answers the client's {@code If-*} and
 * {@code Range} headers from it in Swift terms ({@link GcsConditions}, {@link GcsRange}), and
 * streams the body of exactly that generation (a replaced object fails the read rather than mixing
 * versions). Listings: {@link GcsListing}. Blocking client calls run on the reader's own bounded
 * pool ({@code maxConnections} threads, {@code gcs-read-N}); a body reads ahead at most
 * {@value #PREFETCH} chunks of {@value #CHUNK_SIZE} bytes.
 */
public final class GcsRemoteReader implements RemoteReader {
  public static final int CHUNK_SIZE = 256 * 1024;
  public static final int PREFETCH = 4;

  private final GcsSettings settings;
  private final Storage storage;
  private final BlockingCalls calls;

  public GcsRemoteReader(GcsSettings settings) {
    this.settings = settings;
    this.storage = GcsClients.create(settings, GcsCredentials.from(settings.credentialsJson(), GcsClients.transport(settings)));
    this.calls = new BlockingCalls("gcs-read", settings.maxConnections(), "GCS reader for " + describe()
        + " is closed");
  }

  public S3KeyNaming naming(String account, String container) {
    return new S3KeyNaming(account, container, settings.customPrefix());
  }

  @Override
  public CompletionStage<ReadResponse> read(SwiftPath path, boolean head, Map<String, String> conditions) {
    return calls.submit(() -> doRead(path, head, conditions));
  }

  @Override
  public CompletionStage<Optional<SloManifest>> manifest(SwiftPath path) {
    return calls.submit(() -> doManifest(path));
  }

  @Override
  public CompletionStage<ListingPage> list(String account, String container, ListingQuery query) {
    if (query.reverse()) {
      throw new IllegalArgumentException("GCS lists only in ascending order; " + describe()
          + " has no reverse listing");
    }
    S3KeyNaming naming = naming(account, container);
    return calls.submit(() -> {
      try {
        return GcsListing.page(storage, settings.bucket(), naming, query);
      } catch (RuntimeException e) {
        throw GcsErrors.map(e, "LIST '" + LogSafe.text(naming.listingPrefix() + query.prefix()) + "' in "
            + where(), true);
      }
    });
  }

  /** {@code <API root or "Google Cloud Storage">;<bucket>;<key prefix>}, upstream's format. */
  @Override
  public String contentLocation(String account, String container) {
    String where = settings.endpoint() == null ? "Google Cloud Storage" : settings.apiRoot();
    return where + ";" + settings.bucket() + ";" + naming(account, container).listingPrefix();
  }

  @Override
  public String describe() {
    return "gcs " + where();
  }

  @Override
  public void close() {
    calls.close();
    try {
      storage.close();
    } catch (Exception e) {
      // nothing left to release that matters
    }
  }

  private ReadResponse doRead(SwiftPath path, boolean head, Map<String, String> conditions) throws StoreException {
    String key = storableKey(path);
    if (key == null) {
      return new ReadResponse(404, List.of(), null, null, "not stored: the name cannot be a GCS object name");
    }
    Blob blob;
    try {
      blob = storage.get(BlobId.of(settings.bucket(), key));
    } catch (RuntimeException e) {
      throw GcsErrors.map(e, what("GET", key), false);
    }
    if (blob == null) {
      return new ReadResponse(404, List.of(), null, null, "No such object: " + what("GET", key));
    }
    String etag = GcsObjects.etag(blob);
    int status = GcsConditions.of(conditions).status(etag, GcsObjects.lastModified(blob));
    if (status == 304) {
      return new ReadResponse(304, GcsReadHeaders.of(blob, null, true), null, null, "Not Modified: ETag " + etag);
    }
    if (status == 412) {
      return new ReadResponse(412, List.of(), null, null, "Precondition Failed: ETag " + etag
          + ", last modified " + GcsObjects.lastModified(blob));
    }
    long size = blob.getSize() == null ? 0 : blob.getSize();
    GcsRange range = GcsRange.parse(header(conditions, "Range"), size);
    if (range == GcsRange.UNSATISFIABLE) {
      return new ReadResponse(416, List.of(Map.entry("Content-Range", range.contentRange(size))), null, null,
          "Requested Range Not Satisfiable: the object holds " + size + " bytes");
    }
    List<Map.Entry<String, String>> headers = GcsReadHeaders.of(blob, range, false);
    String sloEtag = GcsReadHeaders.sloEtag(blob);
    int ok = range == null ? 200 : 206;
    if (head) {
      return new ReadResponse(ok, headers, null, sloEtag, null);
    }
    return new ReadResponse(ok, headers, body(blob, range), sloEtag, null);
  }

  /** The bytes of exactly {@code blob}'s generation, opened lazily by the first read. */
  private InputStreamPublisher body(Blob blob, GcsRange range) throws StoreException {
    BlobId id = BlobId.of(settings.bucket(), blob.getName(), blob.getGeneration());
    try {
      ReadChannel channel = storage.reader(id);
      channel.setChunkSize(CHUNK_SIZE);
      if (range != null) {
        channel.seek(range.first());
        channel = channel.limit(range.last() + 1);
      }
      InputStream in = Channels.newInputStream(channel);
      ReadChannel opened = channel;
      return new InputStreamPublisher(in, opened::close, calls.executor(), CHUNK_SIZE, PREFETCH);
    } catch (IOException | RuntimeException e) {
      throw new StoreException(Kind.TRANSIENT, what("GET", blob.getName()) + ": " + e.getMessage(), e);
    }
  }

  private Optional<SloManifest> doManifest(SwiftPath path) throws StoreException {
    if (DotSegments.in(path)) {
      return Optional.empty();
    }
    String key = naming(path.account(), path.container()).manifestKey(path.object());
    try {
      Blob blob = storage.get(BlobId.of(settings.bucket(), key));
      if (blob == null) {
        return Optional.empty();
      }
      if (blob.getSize() != null && blob.getSize() > SloManifest.MAX_JSON_BYTES) {
        throw new StoreException(Kind.REJECTED, what("GET", key) + ": the SLO manifest is larger than "
            + SloManifest.MAX_JSON_BYTES + " bytes");
      }
      return Optional.of(SloManifest.parse(storage.readAllBytes(blob.getBlobId())));
    } catch (ManifestException e) {
      throw new StoreException(Kind.REJECTED, what("GET", key) + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw GcsErrors.map(e, what("GET", key), false);
    }
  }

  /** The object name of {@code path}, or null when no object can have it. */
  private String storableKey(SwiftPath path) {
    if (DotSegments.in(path)) {
      return null;
    }
    String key = naming(path.account(), path.container()).objectKey(path.object());
    return key.getBytes(StandardCharsets.UTF_8).length > GcsObjects.MAX_KEY_BYTES ? null : key;
  }

  private static String header(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  private String where() {
    return "bucket '" + settings.bucket() + "' at " + settings.apiRoot();
  }

  private String what(String operation, String key) {
    return operation + " '" + LogSafe.text(key) + "' in " + where();
  }
}
