package io.cloudsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.Saio;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Builds sync.json files for the SAIO and runs {@code cloudsync} in-process, capturing its output. */
final class SyncFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  final Saio saio = Saio.get();
  final Path dir;

  SyncFixture(Path dir) {
    this.dir = dir;
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A mapping entry for {@code container} → {@code bucket} at {@code endpoint}. */
  ObjectNode mapping(String container, String bucket, String endpoint, String identity, String secret) {
    ObjectNode m = JSON.createObjectNode();
    m.put("account", saio.account());
    m.put("container", container);
    m.put("aws_bucket", bucket);
    m.put("aws_endpoint", endpoint);
    m.put("aws_identity", identity);
    m.put("aws_secret", secret);
    return m;
  }

  /** A config for the daemon of SAIO node {@code node}; verification_slack 0 lets one daemon sync every row. */
  ObjectNode config(int node, ObjectNode... mappings) {
    ObjectNode c = JSON.createObjectNode();
    ArrayNode containers = c.putArray("containers");
    for (ObjectNode m : mappings) {
      containers.add(m);
    }
    c.put("devices", saio.devices(node).toString());
    c.put("swift_dir", saio.swiftDir().toString());
    c.put("status_dir", dir.resolve("status-" + node).toString());
    c.put("items_chunk", 100);
    c.put("poll_interval", 1);
    c.put("verification_slack", 0);
    c.put("swift_bind_ip", saio.bindIp(node));
    c.put("swift_bind_port", saio.containerPort(node));
    c.put("internal_proxy_url", saio.internalProxyUrl());
    return c;
  }

  Path write(String name, ObjectNode config) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    return file;
  }

  /** Exit code and everything the command printed. */
  record Run(int exitCode, String out, String err) {}

  static Run cloudsync(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  Run syncOnce(Path config) {
    return cloudsync("sync", "--config", config.toString(), "--once");
  }

  /** swift-s3-sync's key: {@code <hex(md5(account/container) mod 16^6)>/<account>/<container>/<object>}, computed independently. */
  static String s3Key(String account, String container, String object) {
    return prefix(account, container) + "/" + account + "/" + container + "/" + object;
  }

  static String prefix(String account, String container) {
    BigInteger md5 = new BigInteger(1, md5((account + "/" + container).getBytes(StandardCharsets.UTF_8)));
    return md5.mod(BigInteger.valueOf(16).pow(6)).toString(16);
  }

  static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String md5Hex(byte[] data) {
    return HexFormat.of().formatHex(md5(data));
  }
}
