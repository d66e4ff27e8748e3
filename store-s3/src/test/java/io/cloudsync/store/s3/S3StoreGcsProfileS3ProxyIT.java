package io.cloudsync.store.s3;

/**
 * The GCS XML-API profile (region {@code auto}, path-style, no aws-chunked, checksums only when
 * required) against the same server as {@link S3StoreS3ProxyIT}: no GCS emulator runs here, so this
 * checks the profile's client configuration against a real S3 implementation. (Swift's s3api
 * cannot stand in: it refuses the {@code auto} signing region with AuthorizationHeaderMalformed.)
 */
class S3StoreGcsProfileS3ProxyIT extends S3StoreS3ProxyIT {
  @Override
  S3Server s3() {
    return super.s3().withGcsProfile();
  }
}
