package io.cloudsync.store.gcs;

import com.google.cloud.BaseServiceException;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what the GCS client throws into a {@link StoreException} the daemon can act on, with the
 * operation, key, bucket and API root in the message and GCS's own code and reason after it:
 * 401/403 and a refused token request are {@link Kind#AUTH}; a refused connection, an unknown host
 * or a TLS failure {@link Kind#UNREACHABLE}; 404 where only the bucket can be missing
 * {@link Kind#NO_SUCH_BUCKET}; a declared MD5 the body does not match, 412, 429 and 5xx
 * {@link Kind#TRANSIENT}; other 4xx {@link Kind#REJECTED}.
 */
final class GcsErrors {
  private GcsErrors() {}

  /**
   * @param what the operation, e.g. {@code PUT 'k' in bucket 'b' at http://…}
   * @param notFoundIsBucket a 404 can only mean the bucket is missing (uploads, listings)
   */
  static StoreException map(RuntimeException e, String what, boolean notFoundIsBucket) {
    Throwable unreachable = find(e, ConnectException.class, UnknownHostException.class,
        NoRouteToHostException.class, SSLException.class);
    if (unreachable != null) {
      return new StoreException(Kind.UNREACHABLE, what + ": " + describe(unreachable), e);
    }
    Throwable refused = tokenFailure(e);
    if (refused != null) {
      return new StoreException(Kind.AUTH, what + ": the token request for the service account was refused: "
          + firstLine(refused.getMessage()), e);
    }
    int code = e instanceof BaseServiceException service ? service.getCode() : 0;
    String reason = e instanceof BaseServiceException service && service.getReason() != null
        ? service.getReason() : "";
    String detail = what + ": " + (code > 0 ? code + " " : "") + (reason.isEmpty() ? "" : reason + ": ")
        + firstLine(e.getMessage());
    return new StoreException(kind(code, e.getMessage(), notFoundIsBucket), detail, e);
  }

  static Kind kind(int code, String message, boolean notFoundIsBucket) {
    String text = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (code == 401 || code == 403) {
      return Kind.AUTH;
    }
    if (code == 404) {
      return notFoundIsBucket || text.contains("bucket") ? Kind.NO_SUCH_BUCKET : Kind.TRANSIENT;
    }
    if (code == 400 && (text.contains("md5") || text.contains("crc32c"))) {
      return Kind.TRANSIENT; // the body changed while it was read: try again later
    }
    if (code >= 400 && code < 500 && code != 408 && code != 409 && code != 412 && code != 429) {
      return Kind.REJECTED;
    }
    return Kind.TRANSIENT;
  }

  /**
   * google-auth's refusal of a token request (its exception types are not public): an
   * {@link java.io.IOException} thrown by the {@code com.google.auth.oauth2} package.
   */
  private static Throwable tokenFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.io.IOException && t.getClass().getName().startsWith("com.google.auth.oauth2.")) {
        return t;
      }
    }
    return null;
  }

  @SafeVarargs
  private static Throwable find(Throwable e, Class<? extends Throwable>... types) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return t;
        }
      }
    }
    return null;
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : firstLine(t.getMessage());
  }

  static String firstLine(String text) {
    if (text == null) {
      return "no details";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
