package io.cloudsync.store.s3;

import static io.cloudsync.store.TestBytes.concat;
import static io.cloudsync.store.TestBytes.md5;
import static io.cloudsync.store.TestBytes.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.cloudsync.store.LargeBody;
import io.cloudsync.store.MemoryBody;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.RemoteStoreLargeObjectContract;
import io.cloudsync.store.StoreBackend;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import io.cloudsync.swift.ObjectMetadata;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * {@link S3Store}'s large-object paths against a real S3 server (subclasses name it): the
 * backend-neutral {@link RemoteStoreLargeObjectContract}, plus what only S3 does: multipart uploads
 * with one part per segment or re-cut parts and their multipart ETags, Content-MD5 on every part,
 * multipart self-copies that keep the ETag, aborts on failure, and SLOs written by swift-s3-sync.
 */
abstract class S3StoreLargeObjectContract extends RemoteStoreLargeObjectContract {

  /** The server. */
  abstract S3Server s3();

  @Override
  protected StoreBackend backend() {
    return s3();
  }

  @Test
  void aPartThatCannotBeReadAbortsTheMultipartUpload() {
    long aborts = s3().requests("AbortMultipartUpload");
    assumeThat(aborts).as("the server counts AbortMultipartUpload requests").isNotNegative();

    assertThatThrownBy(this::uploadWithAnUnreadablePiece).isInstanceOf(StoreException.class);

    assertThat(s3().requests("AbortMultipartUpload") - aborts).isEqualTo(1);
  }

  @Test
  void contentThatChangesBetweenTheDigestAndTheUploadIsRejectedByContentMd5() {
    byte[] content = random(9 * MIB, 2);
    AtomicInteger opens = new AtomicInteger();
    LargeBody body = new MemoryBody(content, List.of()) {
      @Override
      public InputStream open(long offset, long length) {
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
    assertThat(inspector.unfinishedUploads()).isEmpty();
    assertThat(inspector.keys()).isEmpty();
  }

  @Test
  void anSloWrittenBySwiftS3SyncGetsItsEtagRecordedByAPartCopyWithoutData() throws Exception {
    byte[] first = random(5 * MIB, 3);
    byte[] second = random(1000, 4);
    // What swift-s3-sync's S3 provider left: one part per segment, no swift-slo-etag.
    completeMultipart(Map.of("x-static-large-object", "True"), first, second);
    ObjectMetadata local = new ObjectMetadata(SLO_ETAG, "application/octet-stream", 123, new TreeMap<>(), true,
        null, null);
    MemoryBody body = new MemoryBody(concat(first, second), List.of(new LargeBody.Piece(first.length, md5(first)),
        new LargeBody.Piece(second.length, md5(second))));
    RemoteObject before = store.head(PATH).orElseThrow();
    assertThat(store.hasSameData(local, before)).isFalse();
    assertThat(store.hasSameLargeObjectData(local, before, body)).isTrue();
    long uploads = s3().requests("UploadPart");
    long copies = s3().requests("UploadPartCopy");

    store.updateLargeObjectMetadata(PATH, local, before, body);

    RemoteObject after = store.head(PATH).orElseThrow();
    assertThat(after.etag()).isEqualTo(before.etag());
    assertThat(after.sloEtag()).isEqualTo(SLO_ETAG);
    assertThat(store.isCurrent(local, after)).isTrue();
    assertThat(body.opens()).as("ranges read").hasValue(0);
    if (uploads >= 0) {
      assertThat(s3().requests("UploadPart")).isEqualTo(uploads);
      assertThat(s3().requests("UploadPartCopy") - copies).isEqualTo(2);
    }
    assertThat(inspector.read(PATH)).isEqualTo(concat(first, second));
  }

  @Test
  void anAlignedSloIsOnePartPerSegmentAndKeepsItsEtagOnAMetadataCopy() throws Exception {
    MemoryBody body = alignedSlo();

    store.uploadLargeObject(PATH, slo(Map.of("color", "blue")), body);

    RemoteObject uploaded = store.head(PATH).orElseThrow();
    assertThat(uploaded.etag())
        .isEqualTo(PartPlan.multipartEtag(body.pieces().stream().map(LargeBody.Piece::md5).toList()));
    store.updateLargeObjectMetadata(PATH, slo(Map.of("color", "red")), uploaded, body);
    assertThat(store.head(PATH).orElseThrow().etag()).isEqualTo(uploaded.etag());
    assertThat(inspector.read(((S3Store) store).naming(PATH).manifestKey(PATH.object())))
        .isEqualTo(body.manifestJson().orElseThrow());
  }

  @Test
  void aLargeDloIsRecutIntoPartsAndASmallOneIsOnePut() throws Exception {
    byte[] large = random(9 * MIB + 3, 8);
    store.uploadLargeObject(PATH, dlo(large.length), new MemoryBody(large, List.of()));
    assertThat(store.head(PATH).orElseThrow().etag()).endsWith("-2");

    byte[] small = random(MIB, 9);
    store.uploadLargeObject(PATH, dlo(small.length), new MemoryBody(small, List.of()));
    assertThat(store.head(PATH).orElseThrow().etag()).isEqualTo(md5(small));
  }

  @Test
  void aCopyThatWouldNotKeepTheEtagFallsBackToUploadingTheContent() throws Exception {
    byte[] first = random(6 * MIB, 10);
    byte[] second = random(2 * MIB, 11);
    // Cut 6 + 2 MiB, while this version cuts a re-chunked 8 MiB SLO into one part.
    completeMultipart(Map.of("x-static-large-object", "True", "swift-slo-etag", SLO_ETAG), first, second);
    MemoryBody body = new MemoryBody(concat(first, second), List.of(new LargeBody.Piece(8 * MIB, null)));
    RemoteObject before = store.head(PATH).orElseThrow();
    ObjectMetadata changed = slo(Map.of("color", "red"));
    assertThat(store.hasSameLargeObjectData(changed, before, body)).isTrue();

    store.updateLargeObjectMetadata(PATH, changed, before, body);

    RemoteObject after = store.head(PATH).orElseThrow();
    assertThat(after.etag()).endsWith("-1");
    assertThat(store.isCurrent(changed, after)).isTrue();
    assertThat(inspector.read(PATH)).isEqualTo(concat(first, second));
    assertThat(inspector.unfinishedUploads()).isEmpty();
  }

  /** Writes {@link #PATH} as a multipart upload of one part per array, the way another tool would. */
  private void completeMultipart(Map<String, String> metadata, byte[]... parts) {
    S3Client plain = s3().plain();
    String key = inspector.expectedKey(PATH);
    String uploadId = plain.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata)).uploadId();
    CompletedPart[] completed = new CompletedPart[parts.length];
    for (int i = 0; i < parts.length; i++) {
      int number = i + 1;
      String etag = plain.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
          RequestBody.fromBytes(parts[number - 1])).eTag();
      completed[i] = CompletedPart.builder().partNumber(number).eTag(etag).build();
    }
    plain.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(completed)));
  }
}
