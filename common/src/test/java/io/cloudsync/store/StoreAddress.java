package io.cloudsync.store;

import java.net.URI;

/**
 * Where a store under test writes: the server's endpoint, the bucket (or remote container) and the
 * secret it signs with. The contracts derive the wrong-secret, unreachable and missing-bucket
 * stores from the working one.
 */
public record StoreAddress(URI endpoint, String bucket, String secret) {

  public StoreAddress withEndpoint(URI other) {
    return new StoreAddress(other, bucket, secret);
  }

  public StoreAddress withBucket(String other) {
    return new StoreAddress(endpoint, other, secret);
  }

  public StoreAddress withSecret(String other) {
    return new StoreAddress(endpoint, bucket, other);
  }
}
