package io.cloudsync.largeobject;

import io.cloudsync.swift.SwiftPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Local Swift in memory: objects by path, SLO manifests by path; counts range reads. */
final class FakeSegments implements LocalSegments {
  final Map<SwiftPath, byte[]> objects = new ConcurrentHashMap<>();
  final Map<SwiftPath, byte[]> manifests = new ConcurrentHashMap<>();
  final AtomicInteger rangeReads = new AtomicInteger();

  static String md5(byte[] data) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public InputStream openRange(SwiftPath path, long offset, long length, String expectedEtag) throws IOException {
    rangeReads.incrementAndGet();
    byte[] data = objects.get(path);
    if (data == null) {
      throw new IOException(path + " is missing locally (HTTP 404)");
    }
    if (!md5(data).equals(expectedEtag)) {
      throw new IOException(path + " has ETag " + md5(data) + " locally, not " + expectedEtag);
    }
    int end = (int) Math.min(data.length, offset + length);
    return new ByteArrayInputStream(data, (int) offset, end - (int) offset);
  }

  @Override
  public byte[] readManifest(SwiftPath path, String expectedEtag) throws IOException {
    byte[] json = manifests.get(path);
    if (json == null) {
      throw new IOException("manifest " + path + " is missing locally (HTTP 404)");
    }
    if (expectedEtag != null && !md5(json).equals(expectedEtag)) {
      throw new IOException("manifest " + path + " changed");
    }
    return json;
  }
}
