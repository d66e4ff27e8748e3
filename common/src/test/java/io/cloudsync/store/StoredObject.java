package io.cloudsync.store;

import java.util.Map;

/**
 * One object as the backend's own client sees it, the way a user of the bucket would read it.
 *
 * @param etag ETag without quotes (for a plain upload: the MD5 of the body)
 * @param contentType Content-Type as stored
 * @param size bytes
 * @param userMetadata user metadata, keys lower-cased and values unquoted (Swift's text), including
 *     any bookkeeping keys the store adds
 */
public record StoredObject(String etag, String contentType, long size, Map<String, String> userMetadata) {
  public StoredObject {
    userMetadata = Map.copyOf(userMetadata);
  }
}
