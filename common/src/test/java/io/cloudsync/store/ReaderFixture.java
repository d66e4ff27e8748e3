package io.cloudsync.store;

import io.cloudsync.store.RemoteReader.ListingPage;
import io.cloudsync.store.RemoteReader.ListingQuery;
import io.cloudsync.store.RemoteReader.ReadResponse;
import io.cloudsync.swift.SwiftPath;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh bucket per test on the backend's server, seeded by the backend's {@link ArchiveSeeder}
 * and read by the reader under test. Subclasses name the {@link ReaderBackend}.
 */
public abstract class ReaderFixture {
  public static final String ACCOUNT = "AUTH_test";
  public static final String CONTAINER = "container";

  protected String bucket;
  protected ArchiveSeeder seeder;
  protected RemoteReader reader;

  /** The backend under test, on a running server. */
  protected abstract ReaderBackend backend();

  @BeforeEach
  void createBucket() {
    bucket = "cs-read-" + UUID.randomUUID().toString().substring(0, 13);
    seeder = backend().seed(bucket);
    seeder.createBucket();
    reader = openReader(4);
  }

  @AfterEach
  void removeBucket() {
    reader.close();
    seeder.removeBucket();
  }

  protected RemoteReader openReader(int maxConnections) {
    return backend().openReader(backend().address(bucket), maxConnections);
  }

  protected ReadResponse get(SwiftPath path, Map<String, String> conditions) throws Exception {
    return read(reader, path, false, conditions);
  }

  protected ReadResponse head(SwiftPath path, Map<String, String> conditions) throws Exception {
    return read(reader, path, true, conditions);
  }

  protected static ReadResponse read(RemoteReader reader, SwiftPath path, boolean head, Map<String, String> conditions)
      throws Exception {
    return reader.read(path, head, conditions).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  protected ListingPage list(String container, ListingQuery query) throws Exception {
    return reader.list(ACCOUNT, container, query).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  protected static SwiftPath path(String object) {
    return new SwiftPath(ACCOUNT, CONTAINER, object);
  }
}
