package io.cloudsync.store.s3;

import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Turns AWS SDK failures into {@link StoreException}s whose message an operator can act on. */
final class S3Errors {
  private static final Set<String> AUTH_CODES = Set.of(
      "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken", "ExpiredToken",
      "AccountProblem", "RequestTimeTooSkewed", "AuthorizationHeaderMalformed", "InvalidSecurity");
  private static final Set<String> REJECTED_CODES = Set.of(
      "KeyTooLongError", "MetadataTooLarge", "EntityTooLarge", "InvalidObjectName");

  private S3Errors() {}

  /**
   * @param what the operation and its target, e.g. {@code PUT 'k' in bucket 'b' at http://…}
   */
  static StoreException map(RuntimeException failure, String what) {
    if (failure instanceof AwsServiceException service) {
      return fromService(service, what);
    }
    Throwable unreachable = connectFailure(failure);
    if (unreachable != null) {
      return new StoreException(Kind.UNREACHABLE, "S3 " + what + ": cannot connect: "
          + describe(unreachable), failure);
    }
    UncheckedIOException body = bodyFailure(failure);
    if (body != null) {
      return new StoreException(Kind.TRANSIENT, "S3 " + what + ": " + body.getMessage(), failure);
    }
    return new StoreException(Kind.TRANSIENT, "S3 " + what + " failed: " + describe(failure), failure);
  }

  private static StoreException fromService(AwsServiceException e, String what) {
    int status = e.statusCode();
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null || details.errorCode() == null ? "" : details.errorCode();
    String remote = details == null || details.errorMessage() == null ? "" : details.errorMessage();
    Kind kind;
    if (status == 401 || AUTH_CODES.contains(code) || (status == 403 && code.isEmpty())) {
      kind = Kind.AUTH;
    } else if (code.equals("NoSuchBucket")) {
      kind = Kind.NO_SUCH_BUCKET;
    } else if (REJECTED_CODES.contains(code)) {
      kind = Kind.REJECTED;
    } else {
      kind = Kind.TRANSIENT;
    }
    StringBuilder message = new StringBuilder("S3 ").append(what).append(": ").append(status);
    if (!code.isEmpty()) {
      message.append(' ').append(code);
    }
    if (!remote.isEmpty() && !remote.equals(code)) {
      message.append(" (").append(remote).append(')');
    }
    if (e.requestId() != null) {
      message.append(", request id ").append(e.requestId());
    }
    return new StoreException(kind, message.toString(), e);
  }

  private static Throwable connectFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException || t instanceof ConnectTimeoutException
          || t instanceof SSLHandshakeException) {
        return t;
      }
    }
    return null;
  }

  private static UncheckedIOException bodyFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UncheckedIOException unchecked) {
        return unchecked;
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName()
        : root.getClass().getSimpleName() + ": " + root.getMessage();
    if (root != t && t.getMessage() != null && !(t instanceof IOException)) {
      return t.getMessage().replaceAll("\\s+", " ") + " [" + text + "]";
    }
    return text;
  }
}
