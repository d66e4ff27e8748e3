package io.cloudsync.store;

import io.cloudsync.swift.SwiftPath;
import java.util.List;
import java.util.Map;

/**
 * An independent client of one backend bound to one bucket (or remote container) that lays
 * objects out exactly as the sync archives them, without going through the store or the reader:
 * what {@link RemoteReaderContract} reads back. Each backend implements it with a plain client of
 * its own (for S3 the AWS SDK's {@code S3Client}) and states its own expectations here.
 */
public abstract class ArchiveSeeder {

  /** Creates the bucket. */
  public abstract void createBucket();

  /** Deletes every object, then the bucket (where the server lets it). */
  public abstract void removeBucket();

  /**
   * Archives a plain object.
   *
   * @param metadata Swift user metadata (keys without {@code X-Object-Meta-}, values as Swift's text)
   */
  public abstract void put(SwiftPath path, byte[] body, String contentType, Map<String, String> metadata);

  /**
   * Archives a Static Large Object: its content made of {@code segments}, the sync's record of its
   * manifest ETag ({@code sloEtag}) and the manifest copy the reader's {@link RemoteReader#manifest}
   * returns.
   */
  public abstract void putSlo(SwiftPath path, List<byte[]> segments, byte[] manifestJson, String sloEtag);

  /** The ETag the backend's own client reports for {@code path}'s copy, without quotes. */
  public abstract String etag(SwiftPath path);

  /** A name Swift holds in {@code account/container} but whose copy this backend cannot hold. */
  public abstract String unstorableName(String account, String container);

  /**
   * The server lists in code point (UTF-8 byte) order, as S3 and Swift do, so a marker between
   * names beyond U+FFFF and others works. A test server may not (the reader sorts each page, but
   * cannot reorder across pages).
   */
  public boolean listsInCodePointOrder() {
    return true;
  }

  /** Listings of names with control characters work (S3 needs {@code encoding-type=url} for them). */
  public boolean listsControlCharacters() {
    return true;
  }

  /**
   * The reader's {@link RemoteReader#manifest} is the sync's copy of the manifest, byte for byte
   * (S3's {@code .manifests} key). A backend whose archived SLO is itself an SLO (Swift) gives the
   * remote manifest back, in Swift's stored format with the local segment names: its entries are
   * the archived ones, its bytes are the remote cluster's.
   */
  public boolean keepsManifestCopy() {
    return true;
  }

  /**
   * The {@link RemoteReader.ReadResponse#sloEtag} of an SLO archived with {@code recorded}: that
   * recorded manifest ETag, or, where the archived SLO is an SLO (Swift), the remote cluster's SLO
   * ETag of the manifest, which is what a restore checks the returned manifest against.
   */
  public String readSloEtag(byte[] manifestJson, String recorded) {
    return recorded;
  }

  /** Words the {@link RemoteReader.ReadResponse#errorDetail} of a GET answered with {@code status} carries. */
  public abstract List<String> errorWords(int status);
}
