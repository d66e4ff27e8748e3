package io.cloudsync.crawler.support;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Writes ring files for tests, byte for byte as Swift's {@code RingData.serialize_v1} does. */
public final class RingFiles {
  private RingFiles() {
  }

  /** A device entry of the ring JSON. */
  public static String dev(int id, String ip, int port, String device) {
    return "{\"device\": \"" + device + "\", \"id\": " + id + ", \"ip\": \"" + ip + "\", \"meta\": \"\", "
        + "\"port\": " + port + ", \"region\": 1, \"weight\": 1.0, \"zone\": " + (id + 1) + "}";
  }

  /**
   * Writes a v1 ring: {@code devs} is the JSON list text, {@code rows} the replica rows (the last
   * may be short).
   */
  public static void writeV1(Path file, String devs, int partPower, int[][] rows, ByteOrder order) throws IOException {
    String json = "{\"byteorder\": \"" + (order == ByteOrder.BIG_ENDIAN ? "big" : "little") + "\", \"devs\": "
        + devs + ", \"part_shift\": " + (32 - partPower) + ", \"replica_count\": " + rows.length
        + ", \"version\": 1}";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(body);
    out.write("R1NG".getBytes(StandardCharsets.US_ASCII));
    out.writeShort(1);
    byte[] jsonBytes = json.getBytes(StandardCharsets.US_ASCII);
    out.writeInt(jsonBytes.length);
    out.write(jsonBytes);
    for (int[] row : rows) {
      ByteBuffer buffer = ByteBuffer.allocate(row.length * 2).order(order);
      for (int id : row) {
        buffer.putShort((short) id);
      }
      out.write(buffer.array());
    }
    gzip(file, body.toByteArray());
  }

  /** Rows assigning partition p of replica r to device {@code (p + r) % devices}. */
  public static int[][] roundRobin(int partPower, int replicas, int devices) {
    int[][] rows = new int[replicas][1 << partPower];
    for (int r = 0; r < replicas; r++) {
      for (int p = 0; p < rows[r].length; p++) {
        rows[r][p] = (p + r) % devices;
      }
    }
    return rows;
  }

  public static String devs(List<String> entries) {
    return "[" + String.join(", ", entries) + "]";
  }

  public static void gzip(Path file, byte[] content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content);
    }
  }
}
