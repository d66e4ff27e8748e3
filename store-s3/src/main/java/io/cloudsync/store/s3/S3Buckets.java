package io.cloudsync.store.s3;

import io.cloudsync.store.StoreException;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/** Account-level S3 calls ({@code ListBuckets}), used to check credentials without a bucket. */
public final class S3Buckets {
  private S3Buckets() {}

  /** Names of the buckets the credentials can see; {@code settings.bucket()} is not used. */
  public static List<String> list(S3StoreSettings settings) throws StoreException {
    try (S3Client client = S3ClientFactory.create(settings)) {
      return client.listBuckets().buckets().stream().map(Bucket::name).toList();
    } catch (RuntimeException e) {
      throw S3Errors.map(e, "listing buckets");
    }
  }
}
