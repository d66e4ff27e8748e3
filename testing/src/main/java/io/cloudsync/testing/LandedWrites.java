package io.cloudsync.testing;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The writes that landed in S3Proxy's store, in order: a PUT, a part, a completed multipart upload
 * or a copy is recorded when the store has kept it, never for a request cut mid-body, refused or
 * failed. S3Proxy's own request metrics cannot tell that apart: they record every request of an
 * operation when it ends (in a {@code finally}), whatever happened to it, labelled with the
 * response status as it stood then; summed over labels, a PUT whose body broke off, was refused
 * for a bad digest or timed out counts like one that stored an object. A write recorded here whose
 * answer the client never got (a reset after the store kept it) is exactly what makes a client
 * send the same object again: a duplicate.
 */
public final class LandedWrites extends ForwardingBlobStore {
  /** S3 operations as S3Proxy names them. */
  public enum Operation { PutObject, UploadPart, CompleteMultipartUpload, CopyObject }

  /**
   * One write the store kept.
   *
   * @param key the object key (for a part: the upload's key)
   * @param etag the ETag the store gave it (quotes removed)
   * @param metadata the user metadata it was written with (empty for a part)
   * @param part the part number of an UploadPart, else 0
   */
  public record Write(Operation operation, String bucket, String key, String etag, Map<String, String> metadata,
      int part) {
    public Write {
      metadata = Map.copyOf(metadata);
    }

    /** Same object, same bytes, same metadata: a client sending this again changes nothing. */
    public boolean sameObjectAs(Write other) {
      return operation != Operation.UploadPart && other.operation != Operation.UploadPart
          && bucket.equals(other.bucket) && key.equals(other.key) && etag.equals(other.etag)
          && metadata.equals(other.metadata);
    }
  }

  private final List<Write> writes = new ArrayList<>();

  LandedWrites(BlobStore store) {
    super(store);
  }

  /** Every write kept so far, in order. */
  public synchronized List<Write> all() {
    return List.copyOf(writes);
  }

  /** How many writes have been kept so far: a mark for {@link #since(int)}. */
  public synchronized int mark() {
    return writes.size();
  }

  /** The writes kept after {@code mark}. */
  public synchronized List<Write> since(int mark) {
    return List.copyOf(writes.subList(mark, writes.size()));
  }

  /**
   * Writes after {@code mark} of an object (PUT, completed multipart upload or copy) identical to
   * one written before them: the same object, bytes and metadata sent again.
   */
  public synchronized long duplicatesSince(int mark) {
    long duplicates = 0;
    for (int i = mark; i < writes.size(); i++) {
      Write w = writes.get(i);
      for (int j = 0; j < i; j++) {
        if (w.sameObjectAs(writes.get(j))) {
          duplicates++;
          break;
        }
      }
    }
    return duplicates;
  }

  private synchronized void landed(Write write) {
    writes.add(write);
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream body) {
    PutObjectResponse response = super.putBlob(request, body);
    landed(new Write(Operation.PutObject, request.bucket(), request.key(), etag(response.eTag()),
        meta(request.metadata()), 0));
    return response;
  }

  @Override
  public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request, InputStream body) {
    UploadPartResponse response = super.uploadMultipartPart(upload, request, body);
    landed(new Write(Operation.UploadPart, upload.containerName(), upload.blobName(), etag(response.eTag()),
        Map.of(), request.partNumber() == null ? 0 : request.partNumber()));
    return response;
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
      CompleteMultipartUploadRequest request) {
    CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
    landed(new Write(Operation.CompleteMultipartUpload, upload.containerName(), upload.blobName(),
        etag(response.eTag()), meta(upload.request().metadata()), 0));
    return response;
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    CopyObjectResponse response = super.copyBlob(request);
    String etag = response.copyObjectResult() == null ? "" : etag(response.copyObjectResult().eTag());
    landed(new Write(Operation.CopyObject, request.destinationBucket(), request.destinationKey(), etag,
        meta(request.metadata()), 0));
    return response;
  }

  private static String etag(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  private static Map<String, String> meta(Map<String, String> metadata) {
    return metadata == null ? Map.of() : new TreeMap<>(metadata);
  }
}
