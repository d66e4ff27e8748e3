package io.cloudsync.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 chores for bench/run.sh, against $S3_ENDPOINT with $S3_ID/$S3_SECRET:
 * <pre>
 *   mb BUCKET                       create a bucket
 *   rb BUCKET                       delete every key and unfinished multipart upload, then the bucket
 *   count BUCKET [PREFIX]           print the number of keys
 *   await BUCKET MANIFEST TIMEOUT_S wait until every "key etag" line of MANIFEST matches a HEAD;
 *                                   print the epoch milliseconds when the last one did (exit 1 on timeout)
 *   latency BUCKET PREFIX WRITES DONE TIMEOUT_S
 *                                   list PREFIX every 100 ms; for each "key epoch_ms" line appended to
 *                                   WRITES (a writer's log), print "key ms" from the write to the first
 *                                   listing that shows the key; ends once the file DONE exists and every
 *                                   written key was seen (keys still unseen at TIMEOUT_S print -1)
 * </pre>
 */
public final class BenchS3 {
  private BenchS3() {}

  public static void main(String[] args) throws Exception {
    try (S3Client s3 = S3Client.builder()
        .endpointOverride(URI.create(System.getenv("S3_ENDPOINT")))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(System.getenv("S3_ID"), System.getenv("S3_SECRET"))))
        .build()) {
      switch (args[0]) {
        case "mb" -> s3.createBucket(b -> b.bucket(args[1]));
        case "rb" -> removeBucket(s3, args[1]);
        case "count" -> System.out.println(s3.listObjectsV2Paginator(b -> b.bucket(args[1])
            .prefix(args.length > 2 ? args[2] : null)).contents().stream().count());
        case "await" -> System.exit(await(s3, args[1], Path.of(args[2]), Double.parseDouble(args[3])));
        case "latency" -> latency(s3, args[1], args[2], Path.of(args[3]), Path.of(args[4]),
            Double.parseDouble(args[5]));
        default -> throw new IllegalArgumentException("unknown command " + args[0]);
      }
    }
  }

  private static int await(S3Client s3, String bucket, Path manifest, double timeoutSeconds) throws Exception {
    Map<String, String> pending = new LinkedHashMap<>();
    for (String line : Files.readAllLines(manifest)) {
      if (!line.isBlank()) {
        String[] kv = line.split("\t");
        pending.put(kv[0], kv[1]);
      }
    }
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    while (true) {
      pending.entrySet().removeIf(e -> e.getValue().equals(etag(s3, bucket, e.getKey())));
      if (pending.isEmpty()) {
        System.out.println(System.currentTimeMillis());
        return 0;
      }
      if (System.nanoTime() > deadline) {
        System.err.println("timeout: " + pending.size() + " keys not current, e.g. " + pending.keySet().iterator().next());
        return 1;
      }
      Thread.sleep(20);
    }
  }

  private static void latency(S3Client s3, String bucket, String prefix, Path writes, Path done, double timeoutSeconds)
      throws Exception {
    Map<String, Long> written = new LinkedHashMap<>();
    java.util.Set<String> reported = new java.util.HashSet<>();
    long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
    while (true) {
      boolean finished = Files.exists(done);
      if (Files.exists(writes)) {
        for (String line : Files.readAllLines(writes)) {
          String[] kv = line.split("\t");
          if (kv.length == 2 && !reported.contains(kv[0])) {
            written.putIfAbsent(kv[0], Long.parseLong(kv[1].trim()));
          }
        }
      }
      java.util.Set<String> listed = new java.util.HashSet<>();
      s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(o -> listed.add(o.key()));
      long seenAt = System.currentTimeMillis(); // the end of the listing: latencies are upper bounds
      for (var it = written.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Long> e = it.next();
        if (listed.contains(e.getKey())) {
          System.out.println(e.getKey() + " " + Math.max(0, seenAt - e.getValue()));
          reported.add(e.getKey());
          it.remove();
        }
      }
      if (finished && written.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        written.keySet().forEach(k -> System.out.println(k + " -1"));
        return;
      }
      Thread.sleep(100);
    }
  }

  private static void removeBucket(S3Client s3, String bucket) {
    s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
        .forEach(o -> s3.deleteObject(b -> b.bucket(bucket).key(o.key())));
    s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads()
        .forEach(u -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
    s3.deleteBucket(b -> b.bucket(bucket));
  }

  private static String etag(S3Client s3, String bucket, String key) {
    try {
      return s3.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
    } catch (S3Exception e) {
      return null;
    }
  }
}
