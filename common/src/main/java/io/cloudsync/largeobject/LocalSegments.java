package io.cloudsync.largeobject;

import io.cloudsync.swift.SwiftPath;
import java.io.IOException;
import java.io.InputStream;

/** How large-object content is read from local Swift (the internal proxy in production). */
public interface LocalSegments {

  /**
   * Opens {@code length} (at least 1) bytes of an object from {@code offset}, after checking that
   * the object's ETag is {@code expectedEtag} (a segment overwritten since the manifest was
   * written, or a DLO whose segments changed, fails here with an {@link IOException}).
   */
  InputStream openRange(SwiftPath path, long offset, long length, String expectedEtag) throws IOException;

  /**
   * Reads the raw manifest of an SLO (at most {@link SloManifest#MAX_JSON_BYTES}), checking that
   * the object is an SLO and, when {@code expectedEtag} is not null, that the manifest's own ETag
   * is that.
   */
  byte[] readManifest(SwiftPath path, String expectedEtag) throws IOException;
}
