package io.cloudsync.crawler.ring;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded Swift ring (format v1, or v2 as written by newer Swift): maps the MD5 of a path to a
 * partition and a partition to its primary devices, exactly as {@code swift.common.ring.Ring}.
 * Immutable; reload the file to see a rebalance.
 */
public final class Ring {
  private static final Logger LOG = LoggerFactory.getLogger(Ring.class);

  private final Path file;
  private final int formatVersion;
  private final int partShift;
  private final List<RingDevice> devs;
  private final Assignments assignments;

  Ring(Path file, int formatVersion, int partShift, List<RingDevice> devs, Assignments assignments) {
    this.file = file;
    this.formatVersion = formatVersion;
    this.partShift = partShift;
    this.devs = Collections.unmodifiableList(new ArrayList<>(devs));
    this.assignments = assignments;
  }

  /**
   * Reads a ring file ({@code *.ring.gz}).
   *
   * @throws RingFormatException when the file is not a v1/v2 ring (old pickled rings included)
   * @throws IOException when it cannot be read
   */
  public static Ring load(Path file) throws IOException {
    Ring ring = RingFileReader.read(file);
    LOG.debug("loaded {}: format v{}, part power {}, {} replica rows, {} devices", file,
        ring.formatVersion, ring.partPower(), ring.replicaCount(), ring.devices().size());
    return ring;
  }

  /** The file this ring was read from. */
  public Path file() {
    return file;
  }

  /** 1 or 2. */
  public int formatVersion() {
    return formatVersion;
  }

  public int partPower() {
    return 32 - partShift;
  }

  public int partitionCount() {
    return assignments.rowLength(0);
  }

  /** Number of replica rows: the replica count rounded up. */
  public int replicaCount() {
    return assignments.rows();
  }

  /** Swift's {@code replica_count}: assignments per partition, fractional for a short last row. */
  public double replicas() {
    long assigned = 0;
    for (int r = 0; r < assignments.rows(); r++) {
      assigned += assignments.rowLength(r);
    }
    return (double) assigned / partitionCount();
  }

  /** The devices of the ring, without the holes left by removed devices. */
  public List<RingDevice> devices() {
    return devs.stream().filter(d -> d != null).toList();
  }

  /** The device with this id, empty for an unknown or removed id. */
  public Optional<RingDevice> device(long id) {
    return id >= 0 && id < devs.size() ? Optional.ofNullable(devs.get((int) id)) : Optional.empty();
  }

  /**
   * The partition of a path: the first four bytes of its MD5 (big-endian, unsigned) shifted right
   * by {@code 32 - partPower} ({@code Ring.get_part}).
   *
   * @param md5Digest the raw digest from {@code HashPath.digest}
   */
  public int partition(byte[] md5Digest) {
    if (md5Digest == null || md5Digest.length < 4) {
      throw new IllegalArgumentException("an MD5 digest has 16 bytes, got "
          + (md5Digest == null ? "null" : md5Digest.length + " bytes"));
    }
    long top = ((md5Digest[0] & 0xFFL) << 24) | ((md5Digest[1] & 0xFFL) << 16)
        | ((md5Digest[2] & 0xFFL) << 8) | (md5Digest[3] & 0xFFL);
    return (int) (top >>> partShift);
  }

  /**
   * The primary devices of a partition in replica order, each device once, each carrying its
   * position as {@link RingDevice#index()} ({@code Ring.get_part_nodes}). Slots holding an id
   * that names no device (removed, out of range, or the builder's "none" placeholder) are
   * skipped.
   */
  public List<RingDevice> primaryNodes(int partition) {
    if (partition < 0 || partition >= partitionCount()) {
      throw new IllegalArgumentException("partition " + partition + " is outside 0.."
          + (partitionCount() - 1) + " of " + file);
    }
    List<RingDevice> nodes = new ArrayList<>(assignments.rows());
    Set<Long> seen = new HashSet<>();
    for (int replica = 0; replica < assignments.rows(); replica++) {
      if (partition >= assignments.rowLength(replica)) {
        continue;
      }
      long id = assignments.devId(replica, partition);
      if (!seen.add(id)) {
        continue;
      }
      Optional<RingDevice> dev = id == assignments.noneId() ? Optional.empty() : device(id);
      if (dev.isEmpty()) {
        LOG.debug("{}: partition {} replica {} names device id {} which is not in the ring; skipped",
            file, partition, replica, id);
        continue;
      }
      nodes.add(dev.get().withIndex(nodes.size()));
    }
    return List.copyOf(nodes);
  }

  @Override
  public String toString() {
    return "Ring[" + file + ", v" + formatVersion + ", part power " + partPower() + ", "
        + replicaCount() + " replicas, " + devices().size() + " devices]";
  }
}
