package io.cloudsync.sync.pass;

import io.cloudsync.sync.hold.DeleteGuard;
import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.config.ConfigException;
import io.cloudsync.config.ConfigLoader;
import io.cloudsync.config.MappingConfig;
import io.cloudsync.store.BodySource;
import io.cloudsync.store.LargeBody;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreException;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A pass after one stopped by the whole mapping's failure asks the target before reading any row. */
class MappingRuntimeTest {
  private final ProbedStore store = new ProbedStore();
  private final MappingHealth health = new MappingHealth("AUTH_a/c");
  private final MappingRuntime runtime = new MappingRuntime(mapping(), store, null, null, health, DeleteGuard.none());

  private static MappingConfig mapping() {
    try {
      return new ConfigLoader().parse("""
        {"containers": [{"account": "AUTH_a", "container": "c", "aws_bucket": "b",
          "aws_endpoint": "http://127.0.0.1:9", "aws_identity": "i", "aws_secret": "s"}],
         "devices": "/srv", "swift_dir": "/etc/swift", "status_dir": "/tmp/status"}
        """, "test").containers().get(0);
    } catch (ConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aPassAfterAHealthyOneSendsNothingFirst() {
    runtime.startPass();
    assertThat(store.probes).isZero();
    assertThat(health.isBlocked()).isFalse();
  }

  @Test
  void whileTheBucketIsStillMissingTheMappingStaysBlockedWithoutReadingRows() {
    health.block("S3 PUT 'x' in bucket 'b': 404 NoSuchBucket");
    store.failure = new StoreException(StoreException.Kind.NO_SUCH_BUCKET, "LIST in bucket 'b': 404 NoSuchBucket", null);
    runtime.startPass();
    assertThat(store.probes).isEqualTo(1);
    assertThat(health.isBlocked()).isTrue();
    assertThat(health.reason()).isEqualTo("LIST in bucket 'b': 404 NoSuchBucket");
  }

  @Test
  void onceTheTargetAnswersThePassRuns() {
    health.block("S3 PUT 'x' in bucket 'b': 404 NoSuchBucket");
    runtime.startPass();
    assertThat(store.probes).isEqualTo(1);
    assertThat(health.isBlocked()).isFalse();
  }

  @Test
  void aTransientProbeFailureLeavesItToTheRows() {
    health.block("S3 PUT 'x': connection refused");
    store.failure = new StoreException(StoreException.Kind.TRANSIENT, "LIST: 503 SlowDown", null);
    runtime.startPass();
    assertThat(health.isBlocked()).isFalse();
  }

  /** Answers probes (or fails them); nothing else is expected of it. */
  private static final class ProbedStore implements RemoteStore {
    int probes;
    StoreException failure;

    @Override
    public void probe() throws StoreException {
      probes++;
      if (failure != null) {
        throw failure;
      }
    }

    @Override
    public Optional<RemoteObject> head(SwiftPath path) {
      throw new AssertionError("no HEAD expected");
    }

    @Override
    public void upload(SwiftPath path, ObjectMetadata metadata, BodySource body) {
      throw new AssertionError("no upload expected");
    }

    @Override
    public void updateMetadata(SwiftPath path, ObjectMetadata metadata) {
      throw new AssertionError("no POST expected");
    }

    @Override
    public void uploadLargeObject(SwiftPath path, ObjectMetadata metadata, LargeBody body) {
      throw new AssertionError("no upload expected");
    }

    @Override
    public void updateLargeObjectMetadata(SwiftPath path, ObjectMetadata metadata, RemoteObject remote,
        LargeBody body) {
      throw new AssertionError("no POST expected");
    }

    @Override
    public void delete(SwiftPath path) {
      throw new AssertionError("no DELETE expected");
    }

    @Override
    public boolean isCurrent(ObjectMetadata local, RemoteObject remote) {
      return false;
    }

    @Override
    public boolean hasSameData(ObjectMetadata local, RemoteObject remote) {
      return false;
    }

    @Override
    public String describe() {
      return "probed store";
    }

    @Override
    public void close() { }
  }
}
