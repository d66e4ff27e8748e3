package io.cloudsync.store.gcs;

import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.Storage;
import io.cloudsync.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/** The buckets of the credentials' project, for {@code verify} without a bucket. */
public final class GcsBuckets {
  private GcsBuckets() {}

  public static List<String> list(GcsSettings settings) throws StoreException {
    GcsCredentials credentials = GcsCredentials.from(settings.credentialsJson(), GcsClients.transport(settings));
    try (Storage storage = GcsClients.create(settings, credentials)) {
      List<String> names = new ArrayList<>();
      for (Bucket bucket : storage.list(Storage.BucketListOption.pageSize(1000)).iterateAll()) {
        names.add(bucket.getName());
      }
      return names;
    } catch (StoreException e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof RuntimeException runtime) {
        throw GcsErrors.map(runtime, "LIST of the buckets of project '" + (credentials.projectId() == null
            ? GcsClients.NO_PROJECT : credentials.projectId()) + "' at " + settings.apiRoot(), false);
      }
      throw new StoreException(StoreException.Kind.TRANSIENT, "closing the GCS client: " + e.getMessage(), e);
    }
  }
}
