package io.cloudsync.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The shunt benchmark's load generator (bench/shunt/run.sh). In one run, alternating rounds:
 * <ol>
 *   <li>small-object GETs directly to the Swift proxy and through the shunt: {@code --concurrency}
 *       keep-alive connections, {@code --requests} GETs per round, requests/s and latency
 *       percentiles (a minimal blocking HTTP/1.1 client, so the client costs little);</li>
 *   <li>unless {@code --archived} is left out: an archived object read through the shunt
 *       (Swift 404 → S3) and read directly from S3 with the AWS SDK: MiB/s; with
 *       {@code --s3-relay}, also the same SDK read through a plain TCP relay in front of the S3
 *       server (HAProxy in {@code run.sh}): what any proxy hop costs on this box, without Swift's
 *       404 and without HTTP.</li>
 * </ol>
 * Prints Markdown tables of medians over the rounds.
 *
 * <pre>
 * ShuntLoad --direct URL --shunt URL[,URL...] --token T --small PATH
 *           [--archived PATH --s3 ENDPOINT --s3-id ID --s3-secret S --bucket B --key K]
 *           [--archived-small PATH [--archived-small-reads 3000]]
 *           [--requests 20000] [--concurrency 16] [--rounds 5] [--warmup 2000] [--archived-warmup 10]
 *           [--shunt-pid PID[,PID...]] [--shunt-label NAME[,NAME...]] [--s3-pid PID]
 *           [--s3-relay ENDPOINT [--s3-relay-name NAME]]
 * </pre>
 * Several comma-separated shunts (e.g. two builds, or two JVM option sets) are measured in the
 * same alternating rounds as the direct path, so that a shared, noisy box disturbs them alike;
 * the archived part uses the first one. With {@code --shunt-pid} (and {@code --s3-pid}) it also
 * reports the CPU time (utime + stime from {@code /proc/PID/stat}) each process spent per small
 * GET and per MiB of the archived-object reads: on a box whose cores the Swift proxy or the S3
 * server, the shunt and the client share, the shunt's CPU per request (per MiB) is taken from the
 * server and bounds the shunt's throughput.
 */
public final class ShuntLoad {
  private ShuntLoad() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    URI direct = URI.create(a.get("direct"));
    List<URI> shunts = Arrays.stream(a.get("shunt").split(",")).map(URI::create).toList();
    long[] shuntPids = Arrays.stream(a.getOrDefault("shunt-pid", "0").split(",")).mapToLong(Long::parseLong).toArray();
    List<String> labels = a.containsKey("shunt-label") ? List.of(a.get("shunt-label").split(",")) : null;
    if (shuntPids.length != shunts.size() && !(shuntPids.length == 1 && shuntPids[0] == 0)) {
      throw new IllegalArgumentException("--shunt-pid needs one pid per --shunt URL");
    }
    if (labels != null && labels.size() != shunts.size()) {
      throw new IllegalArgumentException("--shunt-label needs one label per --shunt URL");
    }
    URI shunt = shunts.get(0);
    String token = a.get("token");
    int requests = Integer.parseInt(a.getOrDefault("requests", "20000"));
    int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "16"));
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "5"));
    // enough for the shunt's C2 compilations to finish before the first measured round
    int warmup = Integer.parseInt(a.getOrDefault("warmup", "6000"));
    long[] swiftPids = a.containsKey("swift-pids")
        ? Arrays.stream(a.get("swift-pids").trim().split("[ ,]+")).mapToLong(Long::parseLong).toArray()
        : new long[0];
    List<Double> swiftDirect = new ArrayList<>();
    List<Double> swiftShunt = new ArrayList<>();

    List<Result> directRuns = new ArrayList<>();
    List<List<Result>> shuntRuns = new ArrayList<>();
    long[] smallCpuTicks = new long[shunts.size()];
    List<List<Double>> smallCpuPerRound = new ArrayList<>();
    load(direct, a.get("small"), token, warmup, concurrency);
    for (URI s : shunts) {
      load(s, a.get("small"), token, warmup, concurrency);
      shuntRuns.add(new ArrayList<>());
      smallCpuPerRound.add(new ArrayList<>());
    }
    for (int r = 0; r < rounds; r++) {
      long sw0 = cpuTicks(swiftPids);
      Result d = load(direct, a.get("small"), token, requests, concurrency);
      swiftDirect.add((cpuTicks(swiftPids) - sw0) * TICK_MS / requests);
      directRuns.add(d);
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d: direct %.0f req/s (p50 %.3f ms)",
          r + 1, d.rate, d.p50));
      for (int i = 0; i < shunts.size(); i++) {
        long pid = shuntPids.length > i ? shuntPids[i] : 0;
        long cpu0 = cpuTicks(pid);
        long swiftCpu0 = cpuTicks(swiftPids);
        Result s = load(shunts.get(i), a.get("small"), token, requests, concurrency);
        long ticks = cpuTicks(pid) - cpu0;
        if (i == 0) {
          swiftShunt.add((cpuTicks(swiftPids) - swiftCpu0) * TICK_MS / requests);
        }
        smallCpuTicks[i] += ticks;
        smallCpuPerRound.get(i).add(ticks * TICK_MS / requests);
        shuntRuns.get(i).add(s);
        line.append(String.format(Locale.ROOT, ", %s %.0f req/s (p50 %.3f ms, %.3f CPU ms/req)",
            label(labels, i), s.rate, s.p50, ticks * TICK_MS / requests));
      }
      System.err.println(line);
    }
    double dRate = median(directRuns.stream().mapToDouble(x -> x.rate).toArray());
    double dP50 = median(directRuns.stream().mapToDouble(x -> x.p50).toArray());
    double dP99 = median(directRuns.stream().mapToDouble(x -> x.p99).toArray());
    System.out.printf(Locale.ROOT, "shunt bench: %d rounds (median), small GETs: %d requests x %d keep-alive connections%n%n",
        rounds, requests, concurrency);
    System.out.println("| measurement | direct | through the shunt | ratio |");
    System.out.println("|---|---|---|---|");
    for (int i = 0; i < shunts.size(); i++) {
      List<Result> runs = shuntRuns.get(i);
      double sRate = median(runs.stream().mapToDouble(x -> x.rate).toArray());
      double sP50 = median(runs.stream().mapToDouble(x -> x.p50).toArray());
      double sP99 = median(runs.stream().mapToDouble(x -> x.p99).toArray());
      String who = shunts.size() == 1 ? "" : " (" + label(labels, i) + ")";
      System.out.printf(Locale.ROOT, "| small-object GET, requests/s%s | %.0f | %.0f | %.2f |%n", who, dRate, sRate, sRate / dRate);
      double[] paired = new double[runs.size()];
      for (int r = 0; r < paired.length; r++) {
        paired[r] = runs.get(r).rate / directRuns.get(r).rate;
      }
      // Each round's shunt run follows its direct run: the ratio within a round cancels the box's
      // slow swings (this box: +-15 % between rounds), which the ratio of the two medians keeps.
      System.out.printf(Locale.ROOT, "| small-object GET, median of the per-round ratios%s | | | %.2f (%.2f-%.2f) |%n",
          who, median(paired), Arrays.stream(paired).min().orElse(0), Arrays.stream(paired).max().orElse(0));
      System.out.printf(Locale.ROOT, "| small-object GET latency p50, ms%s | %.3f | %.3f | +%.3f ms |%n", who, dP50, sP50, sP50 - dP50);
      System.out.printf(Locale.ROOT, "| small-object GET latency p99, ms%s | %.3f | %.3f | +%.3f ms |%n", who, dP99, sP99, sP99 - dP99);
      if (shuntPids.length > i && shuntPids[i] > 0) {
        // The median round leaves out the JIT's work in the first rounds; all rounds include it.
        System.out.printf(Locale.ROOT, "| small-object GET: shunt CPU ms per request (median round; all rounds)%s | | %.3f; %.3f | |%n",
            who, median(smallCpuPerRound.get(i).stream().mapToDouble(Double::doubleValue).toArray()),
            smallCpuTicks[i] * TICK_MS / ((double) requests * rounds));
      }
    }
    if (swiftPids.length > 0) {
      System.out.printf(Locale.ROOT, "| small-object GET: Swift servers' CPU ms per request (median round) | %.3f | %.3f | |%n",
          median(swiftDirect.stream().mapToDouble(Double::doubleValue).toArray()),
          median(swiftShunt.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    if (a.get("archived") == null) {
      return;
    }

    long shuntPid = shuntPids[0];
    long s3Pid = Long.parseLong(a.getOrDefault("s3-pid", "0"));
    long shuntCpuTicks = 0;
    long s3CpuTicksViaShunt = 0;
    long s3CpuTicksDirect = 0;
    long shuntBytes = 0;
    List<Double> viaShunt = new ArrayList<>();
    List<Double> viaS3 = new ArrayList<>();
    List<Double> viaRelay = new ArrayList<>();
    List<Double> relayRatio = new ArrayList<>();
    List<Double> shuntRatio = new ArrayList<>();
    List<Double> roundCpuMsPerMib = new ArrayList<>();
    List<Double> notFoundMs = new ArrayList<>();
    long size = -1;
    String relay = a.get("s3-relay");
    try (S3Client s3 = s3Client(a.get("s3"), a);
        S3Client viaRelayClient = relay == null ? null : s3Client(relay, a)) {
      if (a.get("archived-small") != null) {
        // The per-read code (signing, connecting, the 404 hand-over) runs once per read: C2 compiles
        // it only after thousands of reads, and before that its compilations take half the shunt's
        // CPU during the measured rounds. Production reaches that state within minutes.
        load(shunt, a.get("archived-small"), token, Integer.parseInt(a.getOrDefault("archived-small-reads", "3000")), 8);
      }
      int archivedWarmup = Integer.parseInt(a.getOrDefault("archived-warmup", "10"));
      for (int w = 0; w < archivedWarmup; w++) { // warm-up (C2, connection pools) on both paths
        readS3(s3, a.get("bucket"), a.get("key"));
        readOnce(shunt, a.get("archived"), token);
        if (viaRelayClient != null) {
          readS3(viaRelayClient, a.get("bucket"), a.get("key"));
        }
      }
      for (int w = 0; w < 5; w++) { // Swift's 404, which every archived read waits for first
        long t0 = System.nanoTime();
        readStatus(direct, a.get("archived"), token);
        notFoundMs.add((System.nanoTime() - t0) / 1e6);
      }
      for (int r = 0; r < rounds; r++) {
        long cpu0 = cpuTicks(shuntPid);
        long s3Cpu0 = cpuTicks(s3Pid);
        long t0 = System.nanoTime();
        long n = readOnce(shunt, a.get("archived"), token);
        double shuntRate = n / 1048576.0 / ((System.nanoTime() - t0) / 1e9);
        long roundTicks = cpuTicks(shuntPid) - cpu0;
        shuntCpuTicks += roundTicks;
        roundCpuMsPerMib.add(roundTicks * TICK_MS / (n / 1048576.0));
        long s3Cpu1 = cpuTicks(s3Pid);
        s3CpuTicksViaShunt += s3Cpu1 - s3Cpu0;
        shuntBytes += n;
        t0 = System.nanoTime();
        long m = readS3(s3, a.get("bucket"), a.get("key"));
        double s3Rate = m / 1048576.0 / ((System.nanoTime() - t0) / 1e9);
        s3CpuTicksDirect += cpuTicks(s3Pid) - s3Cpu1;
        if (n != m) {
          throw new IllegalStateException("shunt read " + n + " bytes, S3 " + m);
        }
        size = n;
        viaShunt.add(shuntRate);
        viaS3.add(s3Rate);
        shuntRatio.add(shuntRate / s3Rate);
        String relayed = "";
        if (viaRelayClient != null) {
          t0 = System.nanoTime();
          long k = readS3(viaRelayClient, a.get("bucket"), a.get("key"));
          double relayRate = k / 1048576.0 / ((System.nanoTime() - t0) / 1e9);
          if (k != m) {
            throw new IllegalStateException("relay read " + k + " bytes, S3 " + m);
          }
          viaRelay.add(relayRate);
          relayRatio.add(relayRate / s3Rate);
          relayed = String.format(Locale.ROOT, ", through %s %.0f MiB/s", a.getOrDefault("s3-relay-name", "the relay"),
              relayRate);
        }
        System.err.printf(Locale.ROOT, "round %d: archived object via shunt %.0f MiB/s, direct S3 %.0f MiB/s%s%n",
            r + 1, shuntRate, s3Rate, relayed);
      }
    }

    double shuntMib = median(viaShunt.stream().mapToDouble(Double::doubleValue).toArray());
    double s3Mib = median(viaS3.stream().mapToDouble(Double::doubleValue).toArray());
    System.out.printf(Locale.ROOT, "%narchived object %d MiB, %d rounds (median)%n%n", size >> 20, rounds);
    System.out.println("| measurement | direct | through the shunt | ratio |");
    System.out.println("|---|---|---|---|");
    System.out.printf(Locale.ROOT, "| archived object read, MiB/s (direct = S3 GET with the AWS SDK) | %.0f | %.0f | %.2f |%n",
        s3Mib, shuntMib, shuntMib / s3Mib);
    System.out.printf(Locale.ROOT, "| the same, median of the per-round ratios | | | %.2f |%n",
        median(shuntRatio.stream().mapToDouble(Double::doubleValue).toArray()));
    if (!viaRelay.isEmpty()) {
      String name = a.getOrDefault("s3-relay-name", "a TCP relay");
      System.out.printf(Locale.ROOT, "| reference: the direct S3 read through %s (no Swift, no HTTP in the hop), MiB/s;"
          + " median of the per-round ratios | %.0f | %.0f | %.2f |%n", name, s3Mib,
          median(viaRelay.stream().mapToDouble(Double::doubleValue).toArray()),
          median(relayRatio.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    System.out.printf(Locale.ROOT, "| Swift's 404 before each archived read (direct to the proxy), ms, median of 5 | | %.1f | |%n",
        median(notFoundMs.stream().mapToDouble(Double::doubleValue).toArray()));
    double mib = shuntBytes / 1048576.0;
    if (shuntPid > 0) {
      System.out.printf(Locale.ROOT, "| archived object read: shunt CPU ms per MiB (median round; all rounds) | | %.3f; %.3f | |%n",
          median(roundCpuMsPerMib.stream().mapToDouble(Double::doubleValue).toArray()), shuntCpuTicks * TICK_MS / mib);
    }
    if (s3Pid > 0) {
      System.out.printf(Locale.ROOT, "| archived object read: S3 server CPU ms per MiB (all rounds) | %.3f | %.3f | |%n",
          s3CpuTicksDirect * TICK_MS / mib, s3CpuTicksViaShunt * TICK_MS / mib);
    }
  }

  private static S3Client s3Client(String endpoint, Map<String, String> a) {
    return S3Client.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(a.get("s3-id"), a.get("s3-secret"))))
        .build();
  }

  private static String label(List<String> labels, int i) {
    return labels == null ? (i == 0 ? "shunt" : "shunt" + (i + 1)) : labels.get(i);
  }

  /** Clock ticks per second of /proc/PID/stat: USER_HZ is 100 on Linux. */
  private static final double TICK_MS = 10.0;

  /** utime + stime of a process in clock ticks, or 0 without a pid. */
  static long cpuTicks(long[] pids) throws IOException {
    long sum = 0;
    for (long pid : pids) {
      sum += cpuTicks(pid);
    }
    return sum;
  }

  static long cpuTicks(long pid) throws IOException {
    if (pid <= 0) {
      return 0;
    }
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of the whole line
  }

  record Result(double rate, double p50, double p99) {}

  /** {@code count} GETs over {@code concurrency} keep-alive connections. */
  static Result load(URI base, String path, String token, int count, int concurrency) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long[] latencies = new long[count];
    CountDownLatch done = new CountDownLatch(concurrency);
    List<Throwable> failures = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int c = 0; c < concurrency; c++) {
      Thread t = new Thread(() -> {
        try (Connection conn = new Connection(base)) {
          for (int i; (i = next.getAndIncrement()) < count; ) {
            long s = System.nanoTime();
            int status = conn.get(path, token, null);
            latencies[i] = System.nanoTime() - s;
            if (status != 200) {
              throw new IllegalStateException("GET " + base + path + " -> " + status);
            }
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        } finally {
          done.countDown();
        }
      });
      t.start();
    }
    done.await();
    long elapsed = System.nanoTime() - t0;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("load failed", failures.get(0));
    }
    Arrays.sort(latencies);
    return new Result(count / (elapsed / 1e9), latencies[count / 2] / 1e6, latencies[(int) (count * 0.99)] / 1e6);
  }

  static long readOnce(URI base, String path, String token) throws IOException {
    try (Connection conn = new Connection(base)) {
      long[] bytes = new long[1];
      int status = conn.get(path, token, bytes);
      if (status != 200) {
        throw new IllegalStateException("GET " + base + path + " -> " + status);
      }
      return bytes[0];
    }
  }

  /** The status of a GET on a fresh connection (its body read and dropped). */
  static int readStatus(URI base, String path, String token) throws IOException {
    try (Connection conn = new Connection(base)) {
      return conn.get(path, token, new long[1]);
    }
  }

  static long readS3(S3Client s3, String bucket, String key) throws IOException {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
      }
    }
    return total;
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** A minimal keep-alive HTTP/1.1 client connection (Content-Length or chunked bodies, read and dropped). */
  static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;
    private final byte[] buf = new byte[64 * 1024];

    Connection(URI base) throws IOException {
      socket = new Socket(base.getHost(), base.getPort());
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
      out = socket.getOutputStream();
      host = base.getHost() + ":" + base.getPort();
    }

    /** Sends a GET and reads the whole answer; returns the status, and the body size in {@code bytes[0]}. */
    int get(String path, String token, long[] bytes) throws IOException {
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-Auth-Token: " + token + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String status = line();
      int code = Integer.parseInt(status.split(" ")[1]);
      long length = -1;
      boolean chunked = false;
      for (String h; !(h = line()).isEmpty(); ) {
        int colon = h.indexOf(':');
        String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = h.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
          chunked = true;
        }
      }
      long total = 0;
      if (chunked) {
        for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
          skip(size);
          total += size;
          line();
        }
        while (!line().isEmpty()) {
          // trailers
        }
      } else if (length > 0) {
        skip(length);
        total = length;
      }
      if (bytes != null) {
        bytes[0] = total;
      }
      return code;
    }

    private void skip(long n) throws IOException {
      while (n > 0) {
        int r = in.read(buf, 0, (int) Math.min(buf.length, n));
        if (r < 0) {
          throw new IOException("connection closed mid-body");
        }
        n -= r;
      }
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c; (c = in.read()) >= 0; ) {
        if (c == '\n') {
          int len = sb.length();
          return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
        }
        sb.append((char) c);
      }
      throw new IOException("connection closed");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
