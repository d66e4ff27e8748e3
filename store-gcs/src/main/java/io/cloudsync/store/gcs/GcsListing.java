package io.cloudsync.store.gcs;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobListOption;
import io.cloudsync.naming.S3KeyNaming;
import io.cloudsync.store.RemoteReader;
import io.cloudsync.store.RemoteReader.ListingEntry;
import io.cloudsync.store.RemoteReader.ListingPage;
import io.cloudsync.store.RemoteReader.ListingQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One page of a container's listing in Swift terms from the JSON API's {@code objects.list}: the
 * container's key prefix plus the query's, {@code startOffset} for the marker (inclusive on GCS,
 * so names up to the marker, and a subdir equal to it, are dropped), {@code delimiter} for
 * subdirs, one page of {@code limit + 1} results so a page that ends exactly at the limit is known
 * to be truncated.
 */
final class GcsListing {
  private GcsListing() {}

  static ListingPage page(Storage storage, String bucket, S3KeyNaming naming, ListingQuery query) {
    String keyPrefix = naming.listingPrefix();
    List<BlobListOption> options = new ArrayList<>(List.of(BlobListOption.prefix(keyPrefix + query.prefix()),
        BlobListOption.pageSize(query.limit() + 1L),
        BlobListOption.fields(BlobField.NAME, BlobField.MD5HASH, BlobField.SIZE, BlobField.UPDATED)));
    if (query.delimiter() != null) {
      options.add(BlobListOption.delimiter(query.delimiter()));
    }
    if (!query.marker().isEmpty()) {
      options.add(BlobListOption.startOffset(keyPrefix + query.marker()));
    }
    Page<Blob> page = storage.list(bucket, options.toArray(BlobListOption[]::new));
    List<ListingEntry> entries = new ArrayList<>();
    String lastKey = null;
    for (Blob blob : page.getValues()) {
      lastKey = max(lastKey, blob.getName());
      String name = visibleName(naming, blob.getName());
      if (name == null || (!query.marker().isEmpty() && RemoteReader.compareNames(name, query.marker()) <= 0)) {
        continue;
      }
      entries.add(blob.isDirectory() ? ListingEntry.subdir(name)
          : ListingEntry.object(name, GcsObjects.etag(blob), blob.getSize() == null ? 0 : blob.getSize(),
              GcsObjects.lastModified(blob)));
    }
    entries.sort(Comparator.comparing(ListingEntry::key, RemoteReader::compareNames));
    boolean truncated = page.hasNextPage() || entries.size() > query.limit();
    if (entries.size() > query.limit()) {
      entries = entries.subList(0, query.limit());
    }
    String next = null;
    if (truncated) {
      String lastEntry = entries.isEmpty() ? null : entries.get(entries.size() - 1).key();
      next = lastEntry != null ? lastEntry
          : lastKey != null && lastKey.startsWith(keyPrefix) ? lastKey.substring(keyPrefix.length()) : null;
      truncated = next != null;
    }
    return new ListingPage(entries, truncated, next);
  }

  private static String visibleName(S3KeyNaming naming, String key) {
    String name = naming.objectName(key).orElse(null);
    if (name == null || (naming.customPrefix().isPresent() && name.startsWith(".manifests/"))) {
      return null;
    }
    return name;
  }

  private static String max(String a, String b) {
    if (a == null) {
      return b;
    }
    return RemoteReader.compareNames(a, b) >= 0 ? a : b;
  }
}
