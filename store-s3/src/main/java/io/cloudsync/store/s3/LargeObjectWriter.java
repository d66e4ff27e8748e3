package io.cloudsync.store.s3;

import io.cloudsync.store.LargeBody;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.swift.ObjectMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Writes Swift large objects into one bucket for {@link S3Store}, which has already decided what
 * to write and checked the key and metadata: uploads (multipart, with the SLO manifest copy; a
 * small DLO as one PUT) and multipart self-copies. Owns the store's pool of part threads.
 */
final class LargeObjectWriter implements AutoCloseable {

  /**
   * Where a large object goes.
   *
   * @param key the object's key
   * @param manifestKey where an SLO's manifest copy goes
   * @param s3Metadata the user metadata to store, already checked against S3's limit
   * @param where the key, bucket and endpoint for messages
   */
  record Target(String key, String manifestKey, Map<String, String> s3Metadata, String where) {}

  private final S3Client client;
  private final S3StoreSettings settings;
  private final ThreadPoolExecutor pool;

  /** @param threads the size of the pool of part threads ({@code s3-part-<bucket>-N}) */
  LargeObjectWriter(S3Client client, S3StoreSettings settings, int threads) {
    this.client = client;
    this.settings = settings;
    this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        named("s3-part-" + settings.bucket()));
    this.pool.allowCoreThreadTimeOut(true);
  }

  private static ThreadFactory named(String name) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Uploads the content. An SLO always becomes a multipart upload (its ETag then has S3's
   * {@code -N} form, as upstream's), cut by {@link PartPlan#of}; its manifest copy is stored after
   * the parts and before the upload is completed, so a visible object always has its manifest. A
   * DLO of at most {@value PartPlan#PART_SIZE} bytes is one {@code PutObject} (its MD5 read first),
   * a larger one a multipart upload of fixed-size parts.
   */
  void upload(Target target, ObjectMetadata metadata, LargeBody body) throws StoreException {
    if (!metadata.staticLargeObject() && body.length() <= PartPlan.PART_SIZE) {
      putWhole(target, metadata, body);
      return;
    }
    PartPlan plan = metadata.staticLargeObject() ? PartPlan.of(body) : PartPlan.fixed(body.length());
    MultipartTransfer.BeforeComplete manifest = () -> { };
    if (body.manifestJson().isPresent()) {
      byte[] json = body.manifestJson().get();
      manifest = () -> putManifest(target.manifestKey(), json);
    }
    transfer(target).upload(plan, body, target.s3Metadata(), metadata.contentType(), manifest);
  }

  /**
   * Copies the remote object onto itself with new metadata, cut as it was uploaded.
   *
   * @return false when the copied parts would not reproduce the remote ETag (nothing was changed)
   */
  boolean copyParts(Target target, ObjectMetadata metadata, RemoteObject remote, LargeBody body)
      throws StoreException {
    PartPlan plan = metadata.staticLargeObject() ? PartPlan.of(body) : PartPlan.fixed(body.length());
    return transfer(target).copy(plan, remote.etag(), target.s3Metadata(), metadata.contentType()).isPresent();
  }

  private MultipartTransfer transfer(Target target) {
    return new MultipartTransfer(client, settings, pool, target.key(), target.where());
  }

  /** A small DLO: one PUT, with the Content-MD5 read from the content first. */
  private void putWhole(Target target, ObjectMetadata metadata, LargeBody body) throws StoreException {
    long length = body.length();
    String md5;
    try {
      md5 = Md5.hex(body.open(0, length), length, body.toString());
    } catch (IOException | UncheckedIOException e) {
      throw new StoreException(Kind.TRANSIENT, "S3 PUT " + target.where() + ": cannot read the local content: "
          + e.getMessage(), e);
    }
    PutObjectRequest.Builder request = PutObjectRequest.builder()
        .bucket(settings.bucket())
        .key(target.key())
        .contentLength(length)
        .contentType(metadata.contentType())
        .contentMD5(Md5.contentMd5(md5))
        .metadata(target.s3Metadata());
    if (settings.sendsServerSideEncryption()) {
      request.serverSideEncryption(ServerSideEncryption.AES256);
    }
    try (ReopeningBody content = new ReopeningBody(() -> body.open(0, length), length, body.toString())) {
      client.putObject(request.build(), RequestBody.fromContentProvider(content, length, metadata.contentType()));
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, "PUT " + target.where());
    }
  }

  /** The SLO manifest copy: exactly the bytes Swift stores, as upstream writes it. */
  private void putManifest(String manifestKey, byte[] json) throws StoreException {
    PutObjectRequest.Builder request = PutObjectRequest.builder()
        .bucket(settings.bucket())
        .key(manifestKey)
        .contentLength((long) json.length)
        .contentType("application/json")
        .contentMD5(Md5.contentMd5(Md5.hex(json)));
    if (settings.sendsServerSideEncryption()) {
      request.serverSideEncryption(ServerSideEncryption.AES256);
    }
    try {
      client.putObject(request.build(), RequestBody.fromBytes(json));
    } catch (SdkException e) {
      throw S3Errors.map(e, "PUT (SLO manifest) '" + manifestKey + "' in bucket '" + settings.bucket() + "'");
    }
  }

  /** Lets running parts finish (up to 30 s), then stops the part threads. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
