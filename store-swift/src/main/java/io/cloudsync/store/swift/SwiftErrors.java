package io.cloudsync.store.swift;

import io.cloudsync.store.StoreException;
import io.cloudsync.store.StoreException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * Turns a remote Swift cluster's answers and transport failures into {@link StoreException}s an
 * operator can act on: the request, its URL, the status, Swift's transaction id and the start of
 * its explanation; never the key or the token (tempauth tokens travel in a header, not the URL).
 */
final class SwiftErrors {
  private static final int BODY_CHARS = 160;
  private static final List<Class<? extends Throwable>> CANNOT_CONNECT = List.of(ConnectException.class,
      UnknownHostException.class, NoRouteToHostException.class, ConnectTimeoutException.class,
      SSLHandshakeException.class);

  private SwiftErrors() {}

  /**
   * The kind of an error status, for a request whose 404 the caller has already read (a missing
   * object or container means something else to each caller): 401/403 refuse the credentials; 400,
   * 411, 413 and 414 refuse this name, its metadata or its size for good; 422 (the body did not
   * match its ETag), 5xx, 408, 429 and 498 are worth another try.
   */
  static Kind kind(int status) {
    return switch (status) {
      case 401, 403 -> Kind.AUTH;
      case 400, 411, 413, 414 -> Kind.REJECTED;
      default -> Kind.TRANSIENT;
    };
  }

  /**
   * Sends {@code request} and reads its answer whole; a failure to log in or to connect is a
   * {@link StoreException}.
   */
  static SwiftAnswer call(SwiftSession session, String what, SwiftSession.Request request) throws StoreException {
    try {
      return session.call(request);
    } catch (SwiftRequestFailed e) {
      throw login(what, e);
    } catch (IOException e) {
      throw io(what, session.where(request), e);
    }
  }

  static StoreException status(String what, URI url, SwiftAnswer answer) {
    return status(kind(answer.status()), what, url, answer);
  }

  static StoreException status(Kind kind, String what, URI url, SwiftAnswer answer) {
    return new StoreException(kind, describe(what, url, answer));
  }

  /** {@code Swift <what> (<url>): <status> <reason>, transaction <id>: <explanation>}. */
  static String describe(String what, URI url, SwiftAnswer answer) {
    StringBuilder message = new StringBuilder("Swift ").append(what).append(" (").append(url).append("): ")
        .append(answer.status()).append(' ').append(answer.reason());
    answer.header("X-Trans-Id").ifPresent(id -> message.append(", transaction ").append(id));
    String text = explanation(answer.body());
    if (!text.isEmpty()) {
      message.append(": ").append(text);
    }
    return message.toString();
  }

  /** A failure to log in: refused credentials are {@link Kind#AUTH}, anything else is worth another try. */
  static StoreException login(String what, SwiftRequestFailed e) {
    Kind kind = e.status() == 401 || e.status() == 403 ? Kind.AUTH : Kind.TRANSIENT;
    return new StoreException(kind, "Swift " + what + ": logging in failed: " + e.getMessage(), e);
  }

  /**
   * A transport failure: {@link Kind#UNREACHABLE} when no connection could be made, else
   * {@link Kind#TRANSIENT} (a local read that failed while sending a body, too).
   */
  static StoreException io(String what, URI where, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LocalContent.ReadFailure local) {
        return new StoreException(Kind.TRANSIENT, "Swift " + what + ": reading the local content failed: "
            + local.getMessage(), e);
      }
    }
    Throwable connect = cause(e);
    if (connect != null) {
      return new StoreException(Kind.UNREACHABLE, "Swift " + what + ": cannot connect to " + where + ": "
          + text(connect), e);
    }
    return new StoreException(Kind.TRANSIENT, "Swift " + what + " (" + where + ") failed: " + text(e), e);
  }

  private static Throwable cause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      for (Class<? extends Throwable> type : CANNOT_CONNECT) {
        if (type.isInstance(t)) {
          return t;
        }
      }
    }
    return null;
  }

  private static String text(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /** Swift's error page without its markup, shortened. */
  static String explanation(byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8)
        .replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    return text.length() > BODY_CHARS ? text.substring(0, BODY_CHARS) + "…" : text;
  }
}
