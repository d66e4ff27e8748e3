package io.cloudsync.store.s3;

import io.cloudsync.metadata.MetadataComparison;
import io.cloudsync.store.LargeBody;
import io.cloudsync.store.ParallelParts;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One S3 multipart transfer onto one key: {@code CreateMultipartUpload}, the parts of a
 * {@link PartPlan} in parallel ({@link ParallelParts}), {@code CompleteMultipartUpload}; on any
 * failure {@code AbortMultipartUpload}, so no invisible parts are left to pay for.
 *
 * <p>Uploaded parts always carry {@code Content-MD5}: the segment's MD5 for a segment-aligned part,
 * otherwise one computed by reading the part once before sending it (a second, independent read;
 * memory stays at one small buffer per running part instead of one part-sized buffer). Every
 * returned part ETag is checked against that MD5. A self-copy ({@code UploadPartCopy}, for
 * metadata-only changes) completes only when its parts reproduce the source's ETag, so a
 * concurrent overwrite or a different cut never yields a mixed object.
 */
final class MultipartTransfer {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartTransfer.class);

  /** Parts of one object in flight at once. */
  static final int PARTS_IN_FLIGHT = 4;

  /** Something to do after every part is stored and before the upload becomes visible. */
  @FunctionalInterface
  interface BeforeComplete {
    void run() throws StoreException;
  }

  private static final java.util.regex.Pattern MD5_HEX = java.util.regex.Pattern.compile("[0-9a-f]{32}");

  private final S3Client client;
  private final S3StoreSettings settings;
  private final ExecutorService pool;
  private final String key;
  private final String where;

  /** @param where the key, bucket and endpoint for messages, e.g. {@code 'k' in bucket 'b' at http://…} */
  MultipartTransfer(S3Client client, S3StoreSettings settings, ExecutorService pool, String key, String where) {
    this.client = client;
    this.settings = settings;
    this.pool = pool;
    this.key = key;
    this.where = where;
  }

  /** Uploads {@code body} cut as {@code plan}; returns the object's ETag. */
  String upload(PartPlan plan, LargeBody body, Map<String, String> metadata, String contentType,
      BeforeComplete beforeComplete) throws StoreException {
    return run(plan, metadata, contentType, beforeComplete, body);
  }

  /**
   * Copies the object onto itself cut as {@code plan}, with new metadata. Completes only when the
   * copied parts reproduce {@code sourceEtag} exactly ({@code md5(concat(part ETags))-N}): that
   * proves every copied byte range is the part it was before, so the object was neither overwritten
   * during the copy nor cut differently when it was uploaded. Otherwise the upload is aborted and
   * the result is empty (the caller uploads the content again).
   *
   * @return the object's ETag (unchanged), or empty when the copy was abandoned
   */
  Optional<String> copy(PartPlan plan, String sourceEtag, Map<String, String> metadata, String contentType)
      throws StoreException {
    String uploadId = create(metadata, contentType);
    try {
      List<CompletedPart> parts = ParallelParts.run(pool, PARTS_IN_FLIGHT, plan.parts().size(),
          index -> copyPart(uploadId, plan.parts().get(index)), "multipart copy of " + where);
      Optional<String> copied = multipartEtag(parts);
      if (copied.isEmpty() || !MetadataComparison.sameEtag(copied.get(), sourceEtag)) {
        LOG.info("multipart copy of {} gives ETag {}, not {}: abandoned", where, copied.orElse("(unknown)"),
            sourceEtag);
        abort(uploadId);
        return Optional.empty();
      }
      return Optional.of(complete(uploadId, parts));
    } catch (StoreException | RuntimeException e) {
      abort(uploadId);
      throw e;
    }
  }

  /** The multipart ETag of the parts as the server reported them, when all are MD5s. */
  private static Optional<String> multipartEtag(List<CompletedPart> parts) {
    List<String> md5s = new ArrayList<>(parts.size());
    for (CompletedPart part : parts) {
      String etag = MetadataComparison.normalizeEtag(part.eTag());
      if (etag == null || !MD5_HEX.matcher(etag).matches()) {
        return Optional.empty();
      }
      md5s.add(etag);
    }
    return Optional.of(PartPlan.multipartEtag(md5s));
  }

  private String run(PartPlan plan, Map<String, String> metadata, String contentType, BeforeComplete beforeComplete,
      LargeBody body) throws StoreException {
    String uploadId = create(metadata, contentType);
    try {
      List<CompletedPart> parts = ParallelParts.run(pool, PARTS_IN_FLIGHT, plan.parts().size(),
          index -> uploadPart(uploadId, plan.parts().get(index), body), "multipart upload of " + where);
      beforeComplete.run();
      String etag = complete(uploadId, parts);
      if (!settings.gcsProfile()) {
        // GCS's XML API computes multipart ETags its own way; elsewhere a difference is worth a look.
        plan.expectedEtag().filter(expected -> !MetadataComparison.sameEtag(expected, etag)).ifPresent(expected ->
            LOG.warn("S3 multipart ETag of {} is {}, not {} as computed from the parts' MD5s", where, etag, expected));
      }
      return etag;
    } catch (StoreException | RuntimeException e) {
      abort(uploadId);
      throw e;
    }
  }

  private String create(Map<String, String> metadata, String contentType) throws StoreException {
    CreateMultipartUploadRequest.Builder request = CreateMultipartUploadRequest.builder()
        .bucket(settings.bucket())
        .key(key)
        .contentType(contentType)
        .metadata(metadata);
    if (settings.sendsServerSideEncryption()) {
      request.serverSideEncryption(ServerSideEncryption.AES256);
    }
    try {
      return client.createMultipartUpload(request.build()).uploadId();
    } catch (SdkException e) {
      throw S3Errors.map(e, "CreateMultipartUpload " + where);
    }
  }

  private CompletedPart uploadPart(String uploadId, PartPlan.Part part, LargeBody body) throws StoreException {
    String what = "UploadPart " + part.number() + " (" + part.length() + " bytes from " + part.offset() + ") of "
        + where;
    String md5 = part.md5() != null ? part.md5() : digest(part, body, what);
    UploadPartResponse response;
    try (ReopeningBody content = new ReopeningBody(() -> body.open(part.offset(), part.length()), part.length(),
        "part " + part.number() + " of " + body)) {
      response = client.uploadPart(r -> r.bucket(settings.bucket())
              .key(key)
              .uploadId(uploadId)
              .partNumber(part.number())
              .contentLength(part.length())
              .contentMD5(Md5.contentMd5(md5)),
          RequestBody.fromContentProvider(content, part.length(), "application/octet-stream"));
    } catch (SdkException | UncheckedIOException e) {
      throw S3Errors.map(e, what);
    }
    if (!MetadataComparison.sameEtag(response.eTag(), md5)) {
      throw new StoreException(Kind.TRANSIENT, "S3 " + what + ": the server stored ETag " + response.eTag()
          + " for a part whose MD5 is " + md5);
    }
    return CompletedPart.builder().partNumber(part.number()).eTag(response.eTag()).build();
  }

  /** The first of the two reads of a part whose MD5 the manifest does not give. */
  private static String digest(PartPlan.Part part, LargeBody body, String what) throws StoreException {
    try {
      return Md5.hex(body.open(part.offset(), part.length()), part.length(), "part " + part.number() + " of " + body);
    } catch (IOException | UncheckedIOException e) {
      throw new StoreException(Kind.TRANSIENT, "S3 " + what + ": cannot read the local content: "
          + e.getMessage(), e);
    }
  }

  private CompletedPart copyPart(String uploadId, PartPlan.Part part) throws StoreException {
    String what = "UploadPartCopy " + part.number() + " (" + part.copyRange() + ") of " + where;
    UploadPartCopyResponse response;
    try {
      // No x-amz-copy-source-if-match: Swift's s3api refuses it for ranges in an object's last
      // part (412). copy() checks the resulting ETag instead, which proves more.
      response = client.uploadPartCopy(r -> r.sourceBucket(settings.bucket())
          .sourceKey(key)
          .destinationBucket(settings.bucket())
          .destinationKey(key)
          .uploadId(uploadId)
          .partNumber(part.number())
          .copySourceRange(part.copyRange()));
    } catch (SdkException e) {
      throw S3Errors.map(e, what);
    }
    String etag = response.copyPartResult() == null ? null : response.copyPartResult().eTag();
    if (etag == null) {
      throw new StoreException(Kind.TRANSIENT, "S3 " + what + ": the server returned no part ETag");
    }
    return CompletedPart.builder().partNumber(part.number()).eTag(etag).build();
  }

  private String complete(String uploadId, List<CompletedPart> parts) throws StoreException {
    try {
      return MetadataComparison.normalizeEtag(client.completeMultipartUpload(r -> r.bucket(settings.bucket())
          .key(key)
          .uploadId(uploadId)
          .multipartUpload(m -> m.parts(parts))).eTag());
    } catch (SdkException e) {
      throw S3Errors.map(e, "CompleteMultipartUpload " + where);
    }
  }

  private void abort(String uploadId) {
    try {
      client.abortMultipartUpload(r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      LOG.warn("cannot abort multipart upload {} of {} ({}); its parts stay until a lifecycle rule for incomplete"
          + " uploads removes them", uploadId, where, e.getMessage());
    }
  }
}
