package io.cloudsync.crawler.ring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Parses ring files: gzip, magic {@code R1NG}, a big-endian uint16 format version, then the v1
 * layout (uint32 JSON length, JSON, replica rows of uint16 in the JSON's {@code byteorder}) or the
 * v2 layout (uint64-length-prefixed sections found through an index at the end of the stream).
 */
final class RingFileReader {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final byte[] MAGIC = "R1NG".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_JSON_BYTES = 256 << 20;
  /** Java arrays stop short of 2^31 entries. */
  private static final int MAX_PART_POWER = 30;

  private RingFileReader() {
  }

  static Ring read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
         DataInputStream in = new DataInputStream(new BufferedInputStream(gunzip(file, raw), 1 << 16))) {
      byte[] magic = in.readNBytes(4);
      if (magic.length < 4 || !Arrays.equals(magic, MAGIC)) {
        throw new RingFormatException(file, describeBadMagic(magic));
      }
      int version = readUnsignedShort(file, in, "format version");
      return switch (version) {
        case 1 -> readV1(file, in);
        case 2 -> readV2(file, in.readAllBytes());
        default -> throw new RingFormatException(file, "unsupported ring format version " + version
            + " (this reader knows versions 1 and 2)");
      };
    } catch (ZipException e) {
      throw new RingFormatException(file, "corrupt gzip stream: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new RingFormatException(file, "truncated ring file (unexpected end of the gzip stream)", e);
    }
  }

  private static InputStream gunzip(Path file, InputStream raw) throws IOException {
    try {
      return new GZIPInputStream(raw, 1 << 16);
    } catch (ZipException | EOFException e) {
      throw new RingFormatException(file, "not a gzip file; a ring file is the gzip-compressed "
          + "output of swift-ring-builder", e);
    }
  }

  private static String describeBadMagic(byte[] magic) {
    if (magic.length > 0 && ((magic[0] & 0xFF) == 0x80 || magic[0] == '(' || magic[0] == '}')) {
      return "old pickled ring (no R1NG magic); pickled rings are not supported: rewrite it with "
          + "'swift-ring-builder <builder file> write_ring'";
    }
    return "not a Swift ring: expected magic 'R1NG', found "
        + (magic.length == 0 ? "an empty stream" : hex(magic));
  }

  // ---- v1 ----------------------------------------------------------------------------------

  private static Ring readV1(Path file, DataInputStream in) throws IOException {
    long jsonLength = Integer.toUnsignedLong(in.readInt());
    if (jsonLength > MAX_JSON_BYTES) {
      throw new RingFormatException(file, "JSON header length " + jsonLength + " is implausible");
    }
    byte[] jsonBytes = in.readNBytes((int) jsonLength);
    if (jsonBytes.length != jsonLength) {
      throw new RingFormatException(file, "truncated JSON header: " + jsonBytes.length + " of "
          + jsonLength + " bytes");
    }
    JsonNode header = parseJson(file, "JSON header", jsonBytes);
    int partShift = partShift(file, header);
    int partitions = 1 << (32 - partShift);
    int replicaRows = requiredInt(file, header, "replica_count");
    if (replicaRows < 1) {
      throw new RingFormatException(file, "replica_count " + replicaRows + " must be at least 1");
    }
    ByteOrder order = byteOrder(file, header.path("byteorder"));
    char[][] rows = new char[replicaRows][];
    for (int r = 0; r < replicaRows; r++) {
      byte[] bytes = in.readNBytes(2 * partitions);
      boolean last = r == replicaRows - 1;
      if (bytes.length % 2 != 0 || (!last && bytes.length != 2 * partitions)) {
        throw new RingFormatException(file, "truncated replica row " + r + ": " + bytes.length
            + " of " + 2 * partitions + " bytes");
      }
      rows[r] = new char[bytes.length / 2];
      ByteBuffer.wrap(bytes).order(order).asCharBuffer().get(rows[r]);
    }
    return new Ring(file, 1, partShift, devices(file, header.path("devs")), Assignments.ofShorts(rows));
  }

  private static ByteOrder byteOrder(Path file, JsonNode node) throws RingFormatException {
    if (node.isMissingNode() || node.isNull()) {
      return ByteOrder.LITTLE_ENDIAN; // rings written before 'byteorder' existed came from x86
    }
    return switch (node.asText()) {
      case "little" -> ByteOrder.LITTLE_ENDIAN;
      case "big" -> ByteOrder.BIG_ENDIAN;
      default -> throw new RingFormatException(file, "unknown byteorder '" + node.asText() + "'");
    };
  }

  // ---- v2 ----------------------------------------------------------------------------------

  private static Ring readV2(Path file, byte[] afterVersion) throws IOException {
    V2Sections sections = new V2Sections(file, afterVersion, MAGIC.length + 2);
    JsonNode meta = parseJson(file, "section swift/ring/metadata", sections.read("swift/ring/metadata"));
    int partShift = partShift(file, meta);
    int partitions = 1 << (32 - partShift);
    int idBytes = meta.path("dev_id_bytes").asInt(2);
    if (idBytes != 2 && idBytes != 4) {
      throw new RingFormatException(file, "dev_id_bytes " + idBytes + " is neither 2 nor 4");
    }
    JsonNode devs = parseJson(file, "section swift/ring/devices", sections.read("swift/ring/devices"));
    ByteBuffer table = ByteBuffer.wrap(sections.read("swift/ring/assignments")).order(ByteOrder.BIG_ENDIAN);
    if (table.remaining() % idBytes != 0) {
      throw new RingFormatException(file, "assignments section length " + table.remaining()
          + " is not a multiple of dev_id_bytes " + idBytes);
    }
    long rowBytes = (long) idBytes * partitions;
    int rowCount = (int) ((table.remaining() + rowBytes - 1) / rowBytes);
    if (rowCount < 1) {
      throw new RingFormatException(file, "assignments section is empty");
    }
    List<RingDevice> devices = devices(file, devs);
    if (idBytes == 2) {
      char[][] rows = new char[rowCount][];
      for (int r = 0; r < rowCount; r++) {
        rows[r] = new char[Math.min(partitions, table.remaining() / 2)];
        table.asCharBuffer().get(rows[r]);
        table.position(table.position() + rows[r].length * 2);
      }
      return new Ring(file, 2, partShift, devices, Assignments.ofShorts(rows));
    }
    int[][] rows = new int[rowCount][];
    for (int r = 0; r < rowCount; r++) {
      rows[r] = new int[Math.min(partitions, table.remaining() / 4)];
      table.asIntBuffer().get(rows[r]);
      table.position(table.position() + rows[r].length * 4);
    }
    return new Ring(file, 2, partShift, devices, Assignments.ofInts(rows));
  }

  // ---- shared ------------------------------------------------------------------------------

  private static int partShift(Path file, JsonNode header) throws RingFormatException {
    int partShift = requiredInt(file, header, "part_shift");
    if (partShift < 32 - MAX_PART_POWER || partShift > 32) {
      throw new RingFormatException(file, "part_shift " + partShift + " is outside "
          + (32 - MAX_PART_POWER) + "..32 (part power 0.." + MAX_PART_POWER + ")");
    }
    return partShift;
  }

  private static List<RingDevice> devices(Path file, JsonNode devs) throws RingFormatException {
    if (!devs.isArray()) {
      throw new RingFormatException(file, "'devs' is missing or not a list");
    }
    List<RingDevice> result = new ArrayList<>(devs.size());
    for (int position = 0; position < devs.size(); position++) {
      JsonNode dev = devs.get(position);
      if (dev == null || dev.isNull()) {
        result.add(null);
        continue;
      }
      if (!dev.isObject()) {
        throw new RingFormatException(file, "device " + position + " is not a JSON object");
      }
      String ip = requiredText(file, dev, "ip", position);
      int port = requiredDeviceInt(file, dev, "port", position);
      JsonNode replicationPort = dev.path("replication_port");
      result.add(new RingDevice(
          dev.path("id").asInt(position),
          dev.path("region").asInt(1),
          dev.path("zone").asInt(0),
          ip,
          port,
          dev.hasNonNull("replication_ip") ? dev.get("replication_ip").asText() : ip,
          replicationPort.canConvertToInt() ? replicationPort.asInt() : port,
          requiredText(file, dev, "device", position),
          dev.path("weight").asDouble(0),
          dev.hasNonNull("meta") ? dev.get("meta").asText() : "",
          -1));
    }
    return result;
  }

  private static String requiredText(Path file, JsonNode dev, String key, int position)
      throws RingFormatException {
    JsonNode value = dev.get(key);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new RingFormatException(file, "device " + position + " has no '" + key + "'");
    }
    return value.asText();
  }

  private static int requiredDeviceInt(Path file, JsonNode dev, String key, int position)
      throws RingFormatException {
    JsonNode value = dev.get(key);
    if (value == null || !value.canConvertToInt()) {
      throw new RingFormatException(file, "device " + position + " has no integer '" + key + "'");
    }
    return value.asInt();
  }

  private static int requiredInt(Path file, JsonNode header, String key) throws RingFormatException {
    JsonNode value = header.get(key);
    if (value == null || !value.isNumber() || !value.canConvertToInt()) {
      throw new RingFormatException(file, "header has no integer '" + key + "'");
    }
    return value.asInt();
  }

  static JsonNode parseJson(Path file, String what, byte[] bytes) throws RingFormatException {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !(node.isObject() || node.isArray())) {
        throw new RingFormatException(file, what + " is not a JSON object or list");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new RingFormatException(file, what + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new RingFormatException(file, what + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static int readUnsignedShort(Path file, DataInputStream in, String what) throws IOException {
    try {
      return in.readUnsignedShort();
    } catch (EOFException e) {
      throw new RingFormatException(file, "truncated ring file: no " + what, e);
    }
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder("0x");
    for (byte b : bytes) {
      sb.append(String.format("%02x", b & 0xFF));
    }
    return sb.toString();
  }
}
