package io.cloudsync.shunt.archive;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the archive side of the shunt (remote reads, listings, restores). {@link #defaults()}
 * suits production; tests shrink {@link #listingPageSize} to exercise remote paging.
 *
 * @param listingPageSize keys per remote listing request (S3 {@code MaxKeys}, 1 to 1000)
 * @param defaultListingLimit entries in a listing without {@code limit} (Swift's
 *     {@code container_listing_limit}, 10000 by default)
 * @param maxReverseScan a {@code reverse=true} listing reads the remote range in ascending order
 *     (S3 cannot list backwards); it gives up (local entries only, logged) past this many keys
 * @param remoteConnections HTTP connections (and reader threads) per remote store
 * @param restoreStall a restore that cannot take data for this long is abandoned (the client's
 *     read then continues at full speed)
 * @param restoreTimeout how long to wait for local Swift's answer to a restore PUT once its body
 *     is sent
 */
public record ArchiveSettings(
    int listingPageSize,
    int defaultListingLimit,
    int maxReverseScan,
    int remoteConnections,
    Duration restoreStall,
    Duration restoreTimeout) {

  public ArchiveSettings {
    if (listingPageSize < 1 || listingPageSize > 1000) {
      throw new IllegalArgumentException("listingPageSize must be 1 to 1000, not " + listingPageSize);
    }
    if (defaultListingLimit < 1 || maxReverseScan < 1 || remoteConnections < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    Objects.requireNonNull(restoreStall, "restoreStall");
    Objects.requireNonNull(restoreTimeout, "restoreTimeout");
  }

  public static ArchiveSettings defaults() {
    return new ArchiveSettings(1000, 10_000, 1_000_000, 64, Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  public ArchiveSettings withListingPageSize(int size) {
    return new ArchiveSettings(size, defaultListingLimit, maxReverseScan, remoteConnections, restoreStall, restoreTimeout);
  }

  public ArchiveSettings withMaxReverseScan(int keys) {
    return new ArchiveSettings(listingPageSize, defaultListingLimit, keys, remoteConnections, restoreStall, restoreTimeout);
  }

  public ArchiveSettings withRemoteConnections(int n) {
    return new ArchiveSettings(listingPageSize, defaultListingLimit, maxReverseScan, n, restoreStall, restoreTimeout);
  }

  public ArchiveSettings withRestoreStall(Duration d) {
    return new ArchiveSettings(listingPageSize, defaultListingLimit, maxReverseScan, remoteConnections, d, restoreTimeout);
  }
}
