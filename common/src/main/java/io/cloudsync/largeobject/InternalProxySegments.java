package io.cloudsync.largeobject;

import io.cloudsync.local.InternalProxyClient;
import io.cloudsync.local.LocalSwiftException;
import io.cloudsync.local.ObjectStream;
import io.cloudsync.swift.SwiftPath;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@link LocalSegments} through the node-local internal proxy: segments and DLOs with
 * {@code Range} GETs, manifests with a plain GET (the proxy has no slo filter, so that is the raw
 * manifest). Failures become {@link IOException}s whose message names the object and the reason.
 */
public final class InternalProxySegments implements LocalSegments {
  private final InternalProxyClient local;

  public InternalProxySegments(InternalProxyClient local) {
    this.local = local;
  }

  @Override
  public InputStream openRange(SwiftPath path, long offset, long length, String expectedEtag) throws IOException {
    ObjectStream stream;
    try {
      stream = local.openRange(path, offset, length);
    } catch (LocalSwiftException e) {
      throw new IOException(e.status() == 404 ? path + " is missing locally (HTTP 404)" : e.getMessage(), e);
    }
    if (!stream.metadata().etag().equals(expectedEtag)) {
      stream.close();
      throw new IOException(path + " has ETag " + stream.metadata().etag() + " locally, not " + expectedEtag
          + " as the large object's manifest expects (changed since)");
    }
    return stream.body();
  }

  @Override
  public byte[] readManifest(SwiftPath path, String expectedEtag) throws IOException {
    ObjectStream stream;
    try {
      stream = local.open(path);
    } catch (LocalSwiftException e) {
      throw new IOException(e.status() == 404 ? "manifest " + path + " is missing locally (HTTP 404)"
          : e.getMessage(), e);
    }
    try (stream) {
      if (!stream.metadata().staticLargeObject()) {
        throw new IOException(path + " is not a static large object (any more)");
      }
      if (expectedEtag != null && !stream.metadata().etag().equals(expectedEtag)) {
        throw new IOException("manifest " + path + " changed while being synced (ETag " + expectedEtag
            + " became " + stream.metadata().etag() + ")");
      }
      byte[] json = stream.body().readNBytes(SloManifest.MAX_JSON_BYTES + 1);
      if (json.length > SloManifest.MAX_JSON_BYTES) {
        throw new IOException("manifest " + path + " is larger than " + SloManifest.MAX_JSON_BYTES + " bytes");
      }
      return json;
    }
  }
}
