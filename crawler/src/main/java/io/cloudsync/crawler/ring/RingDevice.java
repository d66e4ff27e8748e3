package io.cloudsync.crawler.ring;

import java.util.Objects;

/**
 * One device of a Swift ring (an entry of the ring's {@code devs} list).
 *
 * @param id device id (its position in the ring's device list)
 * @param region region, 1 when the ring does not say
 * @param zone zone
 * @param ip address of the server holding the device (as written in the ring)
 * @param port port of that server (the container server for a container ring)
 * @param replicationIp replication address, defaults to {@code ip}
 * @param replicationPort replication port, defaults to {@code port}
 * @param device device name, the directory under {@code devices} (e.g. {@code sdb1})
 * @param weight the builder weight
 * @param meta free-form operator text, empty when absent
 * @param index position among the primary nodes of a partition (0-based) when returned by
 *     {@link Ring#primaryNodes(int)}; {@code -1} in {@link Ring#devices()}
 */
public record RingDevice(int id, int region, int zone, String ip, int port, String replicationIp,
    int replicationPort, String device, double weight, String meta, int index) {

  public RingDevice {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(replicationIp, "replicationIp");
    Objects.requireNonNull(meta, "meta");
  }

  /** The same device at position {@code newIndex} of a primary-node list. */
  public RingDevice withIndex(int newIndex) {
    return new RingDevice(id, region, zone, ip, port, replicationIp, replicationPort, device, weight,
        meta, newIndex);
  }

  @Override
  public String toString() {
    return "d" + id + "r" + region + "z" + zone + "-" + ip + ":" + port + "/" + device
        + (index >= 0 ? " #" + index : "");
  }
}
