package io.cloudsync.store.s3;

/**
 * The GCS XML-API profile's reader (listings without {@code encoding-type}, no direct GETs) against
 * the same server as {@link S3RemoteReaderS3ProxyIT}: no GCS emulator runs here.
 */
class S3RemoteReaderGcsProfileS3ProxyIT extends S3RemoteReaderS3ProxyIT {
  @Override
  S3Server s3() {
    return super.s3().withGcsProfile();
  }
}
