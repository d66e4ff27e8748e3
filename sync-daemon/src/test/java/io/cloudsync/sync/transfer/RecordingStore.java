package io.cloudsync.sync.transfer;

import io.cloudsync.store.BodySource;
import io.cloudsync.store.LargeBody;
import io.cloudsync.store.RemoteObject;
import io.cloudsync.store.RemoteStore;
import io.cloudsync.store.StoreException;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link RemoteStore} that records the calls it gets and answers as its fields say. */
final class RecordingStore implements RemoteStore {
  final List<String> calls = new ArrayList<>();
  final List<LargeBody> largeBodies = new ArrayList<>();
  RemoteObject existing;
  boolean current;
  boolean sameData;
  boolean refuse;
  /** Thrown by the next uploads, when set. */
  StoreException uploadFailure;
  /** Thrown by {@link #probe()}, when set. */
  StoreException probeFailure;
  int opensPerUpload = 1;
  byte[] uploaded;
  ObjectMetadata uploadedMetadata;

  @Override
  public Optional<RemoteObject> head(SwiftPath path) {
    calls.add("head");
    return Optional.ofNullable(existing);
  }

  @Override
  public void upload(SwiftPath path, ObjectMetadata metadata, BodySource body) throws StoreException {
    calls.add("upload");
    if (refuse) {
      throw new StoreException(StoreException.Kind.REJECTED, "refused before sending");
    }
    if (uploadFailure != null) {
      throw uploadFailure;
    }
    for (int i = 0; i < opensPerUpload; i++) {
      try (InputStream in = body.open()) {
        uploaded = in.readAllBytes();
      } catch (IOException e) {
        throw new StoreException(StoreException.Kind.TRANSIENT, e.getMessage());
      }
    }
    uploadedMetadata = metadata;
  }

  @Override
  public void probe() throws StoreException {
    calls.add("probe");
    if (probeFailure != null) {
      throw probeFailure;
    }
  }

  @Override
  public void updateMetadata(SwiftPath path, ObjectMetadata metadata) {
    calls.add("updateMetadata");
  }

  @Override
  public void uploadLargeObject(SwiftPath path, ObjectMetadata metadata, LargeBody body) {
    calls.add("uploadLargeObject");
    largeBodies.add(body);
  }

  @Override
  public void updateLargeObjectMetadata(SwiftPath path, ObjectMetadata metadata, RemoteObject remote,
      LargeBody body) {
    calls.add("updateLargeObjectMetadata");
  }

  @Override
  public void delete(SwiftPath path) {
    calls.add("delete");
  }

  @Override
  public boolean isCurrent(ObjectMetadata local, RemoteObject remote) {
    return current;
  }

  @Override
  public boolean hasSameData(ObjectMetadata local, RemoteObject remote) {
    return sameData;
  }

  @Override
  public String describe() {
    return "test store";
  }

  @Override
  public void close() {
  }
}

