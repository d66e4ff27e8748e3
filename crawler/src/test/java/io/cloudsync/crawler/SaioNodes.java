package io.cloudsync.crawler;

import io.cloudsync.testing.Saio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SAIO's container servers as their config files describe them (the ports there are the truth;
 * {@code Saio.containerPort(n)} says {@code 60N1}, the confs and the ring say {@code 62N1}).
 */
record SaioNodes(int n, Path devices, String bindIp, int bindPort) {
  private static final Pattern BIND_PORT = Pattern.compile("(?m)^\\s*bind_port\\s*=\\s*(\\d+)");
  private static final Pattern BIND_IP = Pattern.compile("(?m)^\\s*bind_ip\\s*=\\s*(\\S+)");

  static SaioNodes node(Saio saio, int n) {
    Path conf = saio.swiftDir().resolve("container-server").resolve(n + ".conf");
    try {
      String text = Files.readString(conf);
      Matcher port = BIND_PORT.matcher(text);
      Matcher ip = BIND_IP.matcher(text);
      if (!port.find() || !ip.find()) {
        throw new IllegalStateException(conf + " has no bind_ip/bind_port");
      }
      return new SaioNodes(n, saio.devices(n), ip.group(1), Integer.parseInt(port.group(1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
