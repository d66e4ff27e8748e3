package io.cloudsync.shunt.archive;

import io.cloudsync.shunt.ShuntResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * A remote error status (401, 403, 412, 416, 5xx…) as a Swift client gets it: the status and the
 * translated headers are kept, the body is the shunt's own text naming the status. The remote's
 * body never reaches the client: S3 error bodies carry signing details ({@code AWSAccessKeyId},
 * {@code StringToSign}, {@code CanonicalRequest}); readers keep only the remote's own
 * explanation ({@code ReadResponse.errorDetail}), for the shunt's log.
 */
final class RemoteError {
  private RemoteError() {}

  /**
   * The client's answer.
   *
   * @param headers the remote answer's headers, translated ({@code ArchiveHeaders}); its body's
   *     framing and type are replaced
   */
  static ShuntResponse answer(int status, HttpHeaders headers) {
    HttpResponseStatus s = HttpResponseStatus.valueOf(status);
    HttpHeaders own = headers.copy();
    for (String name : new String[] {"Content-Length", "Content-Type", "Content-Encoding", "Content-Language",
        "Content-MD5", "Etag", "Last-Modified"}) {
      own.remove(name);
    }
    own.set("Content-Type", "text/plain; charset=UTF-8");
    byte[] body = (s.code() + " " + s.reasonPhrase() + " (archived object)\n")
        .getBytes(StandardCharsets.UTF_8);
    return ShuntResponse.of(s, own, body);
  }
}
