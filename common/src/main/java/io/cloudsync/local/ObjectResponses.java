package io.cloudsync.local;

import io.cloudsync.swift.ObjectHeaders;
import io.cloudsync.swift.ObjectMetadata;
import io.cloudsync.swift.SwiftNames;
import io.cloudsync.swift.SwiftTimestamp;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;

/**
 * Swift's answer to an object GET or HEAD (from a proxy or straight from an object server, which
 * send the same object headers) as {@link ObjectMetadata} and {@link ObjectStream}.
 */
public final class ObjectResponses {
  private ObjectResponses() {
  }

  /**
   * The response's metadata and body. Closing the body at its end keeps the connection for reuse;
   * closing it earlier (an aborted transfer) drops the connection instead of reading the rest of a
   * possibly large body.
   *
   * @throws IOException when the body cannot be opened; the caller closes the response then
   */
  public static ObjectStream stream(ClassicHttpResponse response) throws IOException {
    ObjectMetadata metadata = metadata(response);
    HttpEntity entity = response.getEntity();
    InputStream body = entity == null ? InputStream.nullInputStream() : entity.getContent();
    long declared = entity == null ? 0 : entity.getContentLength();
    return new ObjectStream(metadata, new FilterInputStream(body) {
      private long read;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int count) throws IOException {
        int n = super.read(buffer, offset, count);
        if (n > 0) {
          read += n;
        }
        ended |= n < 0 || (declared >= 0 && read >= declared);
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        read += skipped;
        ended |= declared >= 0 && read >= declared;
        return skipped;
      }

      @Override
      public void close() throws IOException {
        try {
          if (ended) {
            super.close();
          }
        } finally {
          response.close();
        }
      }
    });
  }

  /**
   * The object headers of a response: ETag, Content-Type, length, user metadata, large-object
   * markers, and the other stored headers ({@link ObjectHeaders}, values as Unicode text).
   */
  public static ObjectMetadata metadata(ClassicHttpResponse response) {
    TreeMap<String, String> userMetadata = new TreeMap<>();
    String etag = "";
    String contentType = null;
    long length = 0;
    boolean slo = false;
    String manifest = null;
    SwiftTimestamp timestamp = null;
    TreeMap<String, String> stored = new TreeMap<>();
    for (Header header : response.getHeaders()) {
      String name = header.getName().toLowerCase(Locale.ROOT);
      String value = SwiftNames.headerToUnicode(header.getValue());
      switch (name) {
        case "etag" -> etag = value.replace("\"", "").toLowerCase(Locale.ROOT);
        case "content-type" -> contentType = stripSwiftBytes(value);
        case "content-length" -> length = Long.parseLong(value.trim());
        case "x-static-large-object" -> slo = "true".equalsIgnoreCase(value.trim());
        case "x-object-manifest" -> manifest = value;
        case "x-timestamp" -> timestamp = SwiftTimestamp.parse(value);
        default -> {
          if (name.startsWith("x-object-meta-")) {
            userMetadata.put(name.substring("x-object-meta-".length()), value);
          } else if (ObjectHeaders.carried(name)) {
            stored.put(name, value);
          }
        }
      }
    }
    return new ObjectMetadata(etag, contentType, length, userMetadata, slo, manifest, timestamp, stored);
  }

  static String stripSwiftBytes(String contentType) {
    int at = contentType.indexOf(";swift_bytes=");
    return at < 0 ? contentType : contentType.substring(0, at);
  }
}
