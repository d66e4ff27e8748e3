package io.cloudsync.local;

import io.cloudsync.swift.ObjectMetadata;
import java.io.IOException;
import java.io.InputStream;

/** An open local object: its metadata from the GET response and its body, which the caller closes. */
public record ObjectStream(ObjectMetadata metadata, InputStream body) implements AutoCloseable {
  @Override
  public void close() throws IOException {
    body.close();
  }
}
