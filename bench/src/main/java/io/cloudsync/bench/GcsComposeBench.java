package io.cloudsync.bench;

import com.google.cloud.NoCredentials;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 14's "compose or one resumable upload?" for a large object's whole content, measured
 * against a GCS JSON endpoint (bench/gcs/compose.sh starts the emulator):
 * <pre>
 *   GcsComposeBench ENDPOINT MIB SEGMENT_MIB RUNS PARALLEL
 * </pre>
 * (a) what the store does: one streamed resumable upload in 8 MiB chunks; (b) the alternative:
 * each segment uploaded as a temporary object, PARALLEL at a time, then compose (≤ 32 sources per
 * request) and delete the temporaries. Alternating runs; prints MiB/s medians, requests per object
 * and whether the result carries an MD5 (the store's "is it current?" and ETag need it).
 * Bodies are generated on the fly (1 MiB buffers), never held whole.
 */
public final class GcsComposeBench {
  private static final int MIB = 1 << 20;
  private static final int CHUNK = 8 * MIB;

  private GcsComposeBench() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    int mib = Integer.parseInt(args[1]);
    int segmentMib = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    int parallel = Integer.parseInt(args[4]);
    Storage storage = StorageOptions.newBuilder().setHost(endpoint).setProjectId("bench")
        .setCredentials(NoCredentials.getInstance()).build().getService();
    String bucket = "compose-bench-" + System.currentTimeMillis();
    storage.create(BucketInfo.of(bucket));
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Double> resumable = new ArrayList<>();
    List<Double> composed = new ArrayList<>();
    List<Double> concurrent = new ArrayList<>();
    Boolean resumableMd5 = null;
    Boolean composedMd5 = null;
    try {
      for (int run = 0; run < runs; run++) {
        long t0 = System.nanoTime();
        Blob a = resumable(storage, BlobInfo.newBuilder(bucket, "resumable-" + run).build(), (long) mib * MIB, run);
        resumable.add(mib / seconds(t0));
        resumableMd5 = a.getMd5() != null;
        t0 = System.nanoTime();
        Blob b = compose(storage, pool, bucket, "composed-" + run, mib, segmentMib, run);
        composed.add(mib / seconds(t0));
        composedMd5 = b.getMd5() != null;
        t0 = System.nanoTime();
        concurrentResumables(storage, pool, bucket, "concurrent-" + run, mib, parallel, run);
        concurrent.add(mib / seconds(t0));
        System.err.printf("run %d: resumable %.1f MiB/s, compose %.1f MiB/s, %d resumables at once %.1f MiB/s%n",
            run + 1, resumable.get(run), composed.get(run), parallel, concurrent.get(run));
      }
    } finally {
      pool.shutdownNow();
    }
    int segments = (mib + segmentMib - 1) / segmentMib;
    int chunks = (mib * MIB + CHUNK - 1) / CHUNK;
    int perSegmentChunks = (segmentMib * MIB + CHUNK - 1) / CHUNK;
    System.out.printf("| %d MiB object (%d MiB segments), %d alternating runs | median MiB/s | requests | MD5 on the result |%n",
        mib, segmentMib, runs);
    System.out.println("|---|---|---|---|");
    System.out.printf("| one resumable upload, 8 MiB chunks (the store) | %.1f | %d | %s |%n",
        median(resumable), chunks + 1, resumableMd5);
    System.out.printf("| %d segment uploads, %d in parallel, compose, delete | %.1f | %d | %s |%n",
        segments, parallel, median(composed),
        segments * (perSegmentChunks + 1) + (segments + 30) / 31 + segments, composedMd5);
    System.out.printf("| %d objects of %d MiB at once, one resumable upload each (the daemon's workers) | %.1f | %d per object | true |%n",
        parallel, mib / parallel, median(concurrent), (mib / parallel * MIB + CHUNK - 1) / CHUNK + 1);
  }

  /** The same bytes as {@code parallel} objects sent at the same time: what several running transfers do. */
  private static void concurrentResumables(Storage storage, ExecutorService pool, String bucket, String name,
      int mib, int parallel, long seed) throws Exception {
    List<Future<Blob>> uploads = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      BlobInfo info = BlobInfo.newBuilder(bucket, name + "-" + i).build();
      long length = (long) mib / parallel * MIB;
      long objectSeed = seed * 1000 + i;
      uploads.add(pool.submit(() -> resumable(storage, info, length, objectSeed)));
    }
    for (Future<Blob> upload : uploads) {
      upload.get();
    }
  }

  private static Blob resumable(Storage storage, BlobInfo info, long length, long seed) throws IOException {
    try (WriteChannel writer = storage.writer(info)) {
      writer.setChunkSize(CHUNK);
      Random random = new Random(seed);
      ByteBuffer buffer = ByteBuffer.allocate(MIB);
      for (long sent = 0; sent < length; sent += MIB) {
        buffer.clear();
        random.nextBytes(buffer.array());
        buffer.limit((int) Math.min(MIB, length - sent));
        while (buffer.hasRemaining()) {
          writer.write(buffer);
        }
      }
    }
    return storage.get(info.getBlobId());
  }

  private static Blob compose(Storage storage, ExecutorService pool, String bucket, String name, int mib,
      int segmentMib, long seed) throws Exception {
    List<Future<BlobId>> parts = new ArrayList<>();
    for (int offset = 0, i = 0; offset < mib; offset += segmentMib, i++) {
      BlobInfo part = BlobInfo.newBuilder(bucket, name + ".part-" + i).build();
      long length = (long) Math.min(segmentMib, mib - offset) * MIB;
      long partSeed = seed * 1000 + i;
      parts.add(pool.submit(() -> resumable(storage, part, length, partSeed).getBlobId()));
    }
    List<String> names = new ArrayList<>();
    for (Future<BlobId> part : parts) {
      names.add(part.get().getName());
    }
    // ≤ 32 sources per compose: fold in groups, the running result first
    String target = name;
    List<String> pending = new ArrayList<>(names);
    boolean first = true;
    while (!pending.isEmpty()) {
      List<String> group = new ArrayList<>();
      if (!first) {
        group.add(target);
      }
      while (!pending.isEmpty() && group.size() < 32) {
        group.add(pending.remove(0));
      }
      storage.compose(Storage.ComposeRequest.newBuilder().addSource(group)
          .setTarget(BlobInfo.newBuilder(bucket, target).build()).build());
      first = false;
    }
    for (String part : names) {
      storage.delete(BlobId.of(bucket, part));
    }
    return storage.get(BlobId.of(bucket, target));
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
