package io.cloudsync.store.s3;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link S3RemoteReader} against S3Proxy 4.1.0 (in-process, in-memory). */
class S3RemoteReaderS3ProxyIT extends S3RemoteReaderContract {
  @RegisterExtension
  static final S3ServerExtension SERVER = new S3ServerExtension(S3Server::s3Proxy);

  @Override
  S3Server s3() {
    return SERVER.server();
  }
}
