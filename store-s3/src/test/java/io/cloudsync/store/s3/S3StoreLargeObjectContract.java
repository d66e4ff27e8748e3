package io.cloudsync.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudsync.store.LargeBody;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@link S3Store}'s large-object paths against a real S3 server (subclasses name it): multipart
 * uploads with one part per segment or re-cut parts, the manifest copy, multipart self-copies
 * that keep the ETag, aborts on failure, and SLOs written by swift-s3-sync.
 */
abstract class S3StoreLargeObjectContract {
  static final int MIB = 1 << 20;
  static final SwiftPath PATH = new SwiftPath("AUTH_test", "container", "large ☃");

  String bucket;
  S3Store store;

  /** A plain SDK client for checking what the server holds. */
  abstract S3Client plain();

  /** Settings of a store writing to {@code bucketName} on the server. */
  abstract S3StoreSettings settings(String bucketName);

  /** Requests of an S3 operation the server has answered so far, or -1 when it does not say. */
  abstract long requests(String operation);

  @BeforeEach
  void createBucket() {
    bucket = "cs-large-" + UUID.randomUUID().toString().substring(0, 13);
    plain().createBucket(b -> b.bucket(bucket));
    store = new S3Store(settings(bucket));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void aPartThatCannotBeReadAbortsTheUpload() {
    byte[] content = random(20 * MIB, 1);
    long aborts = requests("AbortMultipartUpload");
    LargeBody body = new MemoryBody(content, List.of()) {
      @Override
      public InputStream open(long offset, long length) throws IOException {
        if (offset >= 8 * MIB) {
          throw new IOException("segment /segs/2 is missing locally (HTTP 404)");
        }
        return super.open(offset, length);
      }
    };

    assertThatThrownBy(() -> store.uploadLargeObject(PATH, dlo(content.length), body))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT))
        .hasMessageContaining("segment /segs/2 is missing locally");

    if (aborts >= 0) {
      assertThat(requests("AbortMultipartUpload") - aborts).isEqualTo(1);
    }
    assertThat(plain().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    assertThatThrownBy(() -> plain().headObject(b -> b.bucket(bucket).key(store.key(PATH))))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void contentThatChangesBetweenTheDigestAndTheUploadIsRejectedByContentMd5() {
    byte[] content = random(9 * MIB, 2);
    AtomicInteger opens = new AtomicInteger();
    LargeBody body = new MemoryBody(content, List.of()) {
      @Override
      public InputStream open(long offset, long length) throws IOException {
        byte[] range = Arrays.copyOfRange(content, (int) offset, (int) (offset + length));
        if (offset == 0 && opens.incrementAndGet() > 1) {
          range[0] ^= 1;
        }
        return new ByteArrayInputStream(range);
      }
    };

    assertThatThrownBy(() -> store.uploadLargeObject(PATH, dlo(content.length), body))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT))
        .hasMessageContaining("UploadPart 1");
    assertThat(plain().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void anSloWrittenBySwiftS3SyncGetsItsEtagRecordedByAPartCopyWithoutData() throws Exception {
    byte[] first = random(5 * MIB, 3);
    byte[] second = random(1000, 4);
    String key = store.key(PATH);
    // What swift-s3-sync's S3 provider left: one part per segment, no swift-slo-etag.
    String uploadId = plain().createMultipartUpload(b -> b.bucket(bucket).key(key)
        .metadata(Map.of("x-static-large-object", "True"))).uploadId();
    String e1 = plain().uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
        RequestBody.fromBytes(first)).eTag();
    String e2 = plain().uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(2),
        RequestBody.fromBytes(second)).eTag();
    plain().completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));

    String manifestEtag = "0123456789abcdef0123456789abcdef";
    ObjectMetadata local = new ObjectMetadata(manifestEtag, "application/octet-stream", 123, new TreeMap<>(), true,
        null, null);
    MemoryBody body = new MemoryBody(concat(first, second), List.of(new LargeBody.Piece(first.length, Md5.hex(first)),
        new LargeBody.Piece(second.length, Md5.hex(second))));
    RemoteObject before = store.head(PATH).orElseThrow();
    assertThat(store.hasSameData(local, before)).isFalse();
    assertThat(store.hasSameLargeObjectData(local, before, body)).isTrue();
    long uploads = requests("UploadPart");
    long copies = requests("UploadPartCopy");

    store.updateLargeObjectMetadata(PATH, local, before, body);

    RemoteObject after = store.head(PATH).orElseThrow();
    assertThat(after.etag()).isEqualTo(before.etag());
    assertThat(after.sloEtag()).isEqualTo(manifestEtag);
    assertThat(store.isCurrent(local, after)).isTrue();
    if (uploads >= 0) {
      assertThat(requests("UploadPart")).isEqualTo(uploads);
      assertThat(requests("UploadPartCopy") - copies).isEqualTo(2);
    }
    assertThat(plain().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray())
        .isEqualTo(concat(first, second));
  }

  @Test
  void anAlignedSloIsOnePartPerSegmentWithItsManifestAndKeepsItsEtagOnAMetadataCopy() throws Exception {
    byte[] first = random(5 * MIB, 5);
    byte[] second = random(5 * MIB, 6);
    byte[] third = random(1000, 7);
    byte[] manifest = "[{\"name\": \"/segs/1\"}]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<LargeBody.Piece> pieces = List.of(new LargeBody.Piece(first.length, Md5.hex(first)),
        new LargeBody.Piece(second.length, Md5.hex(second)), new LargeBody.Piece(third.length, Md5.hex(third)));
    MemoryBody body = new MemoryBody(concat(concat(first, second), third), pieces) {
      @Override
      public Optional<byte[]> manifestJson() {
        return Optional.of(manifest);
      }
    };
    ObjectMetadata local = slo(Map.of("color", "blue"));

    store.uploadLargeObject(PATH, local, body);

    RemoteObject uploaded = store.head(PATH).orElseThrow();
    assertThat(uploaded.etag()).isEqualTo(PartPlan.multipartEtag(pieces.stream().map(LargeBody.Piece::md5).toList()));
    assertThat(store.isCurrent(local, uploaded)).isTrue();
    assertThat(plain().getObjectAsBytes(b -> b.bucket(bucket).key(store.naming(PATH).manifestKey(PATH.object())))
        .asByteArray()).isEqualTo(manifest);

    ObjectMetadata changed = slo(Map.of("color", "red"));
    assertThat(store.isCurrent(changed, uploaded)).isFalse();
    assertThat(store.hasSameLargeObjectData(changed, uploaded, body)).isTrue();
    store.updateLargeObjectMetadata(PATH, changed, uploaded, body);

    RemoteObject copied = store.head(PATH).orElseThrow();
    assertThat(copied.etag()).isEqualTo(uploaded.etag());
    assertThat(store.isCurrent(changed, copied)).isTrue();
    assertThat(plain().getObjectAsBytes(b -> b.bucket(bucket).key(store.key(PATH))).asByteArray())
        .isEqualTo(concat(concat(first, second), third));
  }

  @Test
  void aLargeDloIsRecutIntoPartsAndASmallOneIsOnePut() throws Exception {
    byte[] large = random(9 * MIB + 3, 8);
    store.uploadLargeObject(PATH, dlo(large.length), new MemoryBody(large, List.of()));
    RemoteObject remote = store.head(PATH).orElseThrow();
    assertThat(remote.etag()).endsWith("-2");
    assertThat(remote.dloEtag()).isEqualTo(dlo(large.length).etag());
    assertThat(store.isCurrent(dlo(large.length), remote)).isTrue();
    assertThat(plain().getObjectAsBytes(b -> b.bucket(bucket).key(store.key(PATH))).asByteArray()).isEqualTo(large);

    byte[] small = random(MIB, 9);
    store.uploadLargeObject(PATH, dlo(small.length), new MemoryBody(small, List.of()));
    assertThat(store.head(PATH).orElseThrow().etag()).isEqualTo(Md5.hex(small));
  }

  @Test
  void aCopyThatWouldNotKeepTheEtagFallsBackToUploadingTheContent() throws Exception {
    byte[] first = random(6 * MIB, 10);
    byte[] second = random(2 * MIB, 11);
    String key = store.key(PATH);
    ObjectMetadata local = slo(Map.of());
    // Cut 6 + 2 MiB, while this version cuts a re-chunked 8 MiB SLO into one part.
    String uploadId = plain().createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(Map.of(
        "x-static-large-object", "True", "swift-slo-etag", local.etag()))).uploadId();
    String e1 = plain().uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
        RequestBody.fromBytes(first)).eTag();
    String e2 = plain().uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(2),
        RequestBody.fromBytes(second)).eTag();
    plain().completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));
    MemoryBody body = new MemoryBody(concat(first, second), List.of(new LargeBody.Piece(8 * MIB, null)));
    RemoteObject before = store.head(PATH).orElseThrow();
    ObjectMetadata changed = slo(Map.of("color", "red"));
    assertThat(store.hasSameLargeObjectData(changed, before, body)).isTrue();

    store.updateLargeObjectMetadata(PATH, changed, before, body);

    RemoteObject after = store.head(PATH).orElseThrow();
    assertThat(after.etag()).endsWith("-1");
    assertThat(store.isCurrent(changed, after)).isTrue();
    assertThat(plain().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()).isEqualTo(concat(first, second));
    assertThat(plain().listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  private static ObjectMetadata slo(Map<String, String> meta) {
    return new ObjectMetadata("0123456789abcdef0123456789abcdef", "application/octet-stream", 123,
        new TreeMap<>(meta), true, null, null);
  }

  private static ObjectMetadata dlo(long length) {
    return new ObjectMetadata("0123456789abcdef0123456789abcdef", "application/octet-stream", length,
        new TreeMap<>(), false, "segs/large/", null);
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Content in memory, for tests. */
  static class MemoryBody implements LargeBody {
    private final byte[] content;
    private final List<Piece> pieces;

    MemoryBody(byte[] content, List<Piece> pieces) {
      this.content = content;
      this.pieces = pieces;
    }

    @Override
    public long length() {
      return content.length;
    }

    @Override
    public List<Piece> pieces() {
      return pieces;
    }

    @Override
    public InputStream open(long offset, long length) throws IOException {
      return new ByteArrayInputStream(content, (int) offset, (int) length);
    }

    @Override
    public Optional<byte[]> manifestJson() {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "test content";
    }
  }
}
