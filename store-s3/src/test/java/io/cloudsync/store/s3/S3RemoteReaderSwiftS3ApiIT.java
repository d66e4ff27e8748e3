package io.cloudsync.store.s3;

import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link S3RemoteReader} against Swift 2.30's own s3api on the SAIO (credentials {@code test:tester}). */
class S3RemoteReaderSwiftS3ApiIT extends S3RemoteReaderContract {
  @RegisterExtension
  static final S3ServerExtension SERVER = new S3ServerExtension(S3Server::swiftS3Api);

  @Override
  S3Server s3() {
    return SERVER.server();
  }
}
