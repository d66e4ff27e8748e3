package io.cloudsync.store.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobWriteOption;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Sends object bodies to GCS, streamed, never held whole: up to {@value #RESUMABLE_THRESHOLD}
 * bytes as one multipart upload request, larger ones as a resumable upload in
 * {@value #CHUNK_SIZE}-byte chunks (the client's one buffer per upload). With a declared MD5
 * ({@code md5Hash} in the object resource) GCS computes the body's MD5 and refuses the object when
 * they differ. A large object's MD5 is not known before it is read, so its upload computes it on
 * the way and compares it with the one GCS reports; a mismatch deletes the object again.
 */
final class GcsUploads {
  /** Bodies up to this size go in one request. */
  static final long RESUMABLE_THRESHOLD = 32L << 20;
  /** Bytes per resumable-upload request (GCS wants multiples of 256 KiB). */
  static final int CHUNK_SIZE = 8 << 20;
  private static final int COPY_BUFFER = 64 * 1024;

  private final Storage storage;

  GcsUploads(Storage storage) {
    this.storage = storage;
  }

  /**
   * Uploads {@code length} bytes of {@code in} to {@code info} (whose MD5 is declared).
   *
   * @param what the operation for messages
   */
  void upload(BlobInfo info, long length, InputStream in, String what) throws StoreException {
    if (length <= RESUMABLE_THRESHOLD) {
      single(info, in, what);
    } else {
      resumable(info, in, length, GcsObjects.md5Hex(info.getMd5()), what);
    }
  }

  /**
   * Uploads a large object's {@code length} bytes as a resumable upload and checks GCS's MD5 of
   * them against the bytes sent.
   */
  void uploadUndeclared(BlobInfo info, long length, InputStream in, String what) throws StoreException {
    resumable(info, in, length, null, what);
  }

  /**
   * One multipart request, body streamed. The client's {@code create(BlobInfo, InputStream)} is
   * deprecated because it cannot retry a stream; the daemon retries the object instead.
   */
  @SuppressWarnings("deprecation")
  private void single(BlobInfo info, InputStream in, String what) throws StoreException {
    try {
      // no gzip: Swift objects are sent as they are (compressing random or compressed data costs CPU for nothing)
      storage.create(info, in, BlobWriteOption.md5Match(), BlobWriteOption.disableGzipContent());
    } catch (RuntimeException e) {
      throw GcsErrors.map(e, what, true);
    }
  }

  /**
   * A resumable upload whose bytes are digested on the way: when they do not have the declared MD5
   * the session is abandoned, never finalized (GCS would refuse it too, but fake-gcs-server checks
   * a declared MD5 only on one-request uploads); when GCS reports another MD5 for them than they
   * have, the object is deleted again. An abandoned session stores nothing.
   *
   * @param declaredHex the MD5 the body must have (also sent to GCS), or null when unknown
   */
  private void resumable(BlobInfo info, InputStream body, long length, String declaredHex, String what)
      throws StoreException {
    MessageDigest md5 = md5();
    InputStream in = new DigestInputStream(body, md5);
    WriteChannel writer;
    try {
      writer = declaredHex != null
          ? storage.writer(info, BlobWriteOption.md5Match(), BlobWriteOption.disableGzipContent())
          : storage.writer(info, BlobWriteOption.disableGzipContent());
    } catch (RuntimeException e) {
      throw GcsErrors.map(e, what, true);
    }
    writer.setChunkSize(CHUNK_SIZE);
    byte[] buffer = new byte[COPY_BUFFER];
    long sent = 0;
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (IOException e) {
        throw new StoreException(Kind.TRANSIENT, what + ": reading the local data failed after " + sent
            + " bytes: " + e.getMessage(), e);
      }
      if (n < 0) {
        break;
      }
      write(writer, ByteBuffer.wrap(buffer, 0, n), what);
      sent += n;
    }
    if (sent != length) {
      throw new StoreException(Kind.TRANSIENT, what + ": the local data ended after " + sent + " of " + length
          + " bytes");
    }
    String computed = HexFormat.of().formatHex(md5.digest());
    if (declaredHex != null && !declaredHex.equals(computed)) {
      throw new StoreException(Kind.TRANSIENT, what + ": the " + length + " bytes read have MD5 " + computed
          + ", not the declared " + declaredHex + " (the object changed while it was read); the upload was"
          + " abandoned before GCS stored it");
    }
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      throw remote(e, what);
    }
    String stored = storedMd5(info.getBlobId(), what);
    if (!computed.equals(stored)) {
      deleteQuietly(info.getBlobId());
      throw new StoreException(Kind.TRANSIENT, what + ": GCS holds MD5 " + stored + " for the " + length
          + " bytes sent, whose MD5 is " + computed + "; the object was deleted again");
    }
  }

  private static void write(WriteChannel writer, ByteBuffer chunk, String what) throws StoreException {
    try {
      while (chunk.hasRemaining()) {
        writer.write(chunk);
      }
    } catch (IOException | RuntimeException e) {
      throw remote(e, what);
    }
  }

  private String storedMd5(BlobId id, String what) throws StoreException {
    try {
      Blob blob = storage.get(id, Storage.BlobGetOption.fields(Storage.BlobField.MD5HASH));
      if (blob == null || blob.getMd5() == null) {
        throw new StoreException(Kind.TRANSIENT, what + ": the finished upload is not there (or has no MD5)");
      }
      return GcsObjects.md5Hex(blob.getMd5());
    } catch (RuntimeException e) {
      throw GcsErrors.map(e, what, false);
    }
  }

  private void deleteQuietly(BlobId id) {
    try {
      storage.delete(id);
    } catch (RuntimeException e) {
      // the object is reported as failed either way; the next pass replaces it
    }
  }

  private static StoreException remote(Exception e, String what) {
    if (e instanceof RuntimeException runtime) {
      return GcsErrors.map(runtime, what, true);
    }
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return GcsErrors.map(runtime, what, true);
    }
    return new StoreException(Kind.TRANSIENT, what + ": " + e.getMessage(), e);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5 in this JVM", e);
    }
  }
}
