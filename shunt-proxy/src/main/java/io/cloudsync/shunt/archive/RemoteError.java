package io.cloudsync.shunt.archive;

import io.cloudsync.shunt.ShuntResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A remote error status (401, 403, 412, 416, 5xx…) as a Swift client gets it: the status and the
 * translated headers are kept, the body is the shunt's own text naming the status. The remote's
 * body never reaches the client: S3 error bodies carry signing details ({@code AWSAccessKeyId},
 * {@code StringToSign}, {@code CanonicalRequest}). Only its {@code Code} and {@code Message} are
 * read, for the shunt's log.
 */
final class RemoteError {
  /** Remote error bodies are short; a longer one is cut here before it is searched. */
  private static final int MAX_READ = 16 * 1024;
  private static final Pattern CODE = Pattern.compile("<Code>([^<]{1,200})</Code>");
  private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]{1,500})</Message>");

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

  /**
   * Reads the remote body (at most {@value #MAX_READ} bytes) for its error code and message, as
   * {@code Code: Message}, or {@code "no details"}; never fails.
   *
   * @param body the remote error body, or null
   */
  static CompletionStage<String> details(Flow.Publisher<ByteBuffer> body) {
    CompletableFuture<String> result = new CompletableFuture<>();
    if (body == null) {
      result.complete("no details");
      return result;
    }
    body.subscribe(new Flow.Subscriber<>() {
      private final ByteArrayOutputStream read = new ByteArrayOutputStream();
      private Flow.Subscription subscription;

      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer item) {
        int n = Math.min(item.remaining(), MAX_READ - read.size());
        byte[] bytes = new byte[n];
        item.duplicate().get(bytes);
        read.write(bytes, 0, n);
        if (read.size() >= MAX_READ) {
          subscription.cancel();
          onComplete();
        }
      }

      @Override
      public void onError(Throwable throwable) {
        result.complete(summary(read.toString(StandardCharsets.UTF_8)));
      }

      @Override
      public void onComplete() {
        result.complete(summary(read.toString(StandardCharsets.UTF_8)));
      }
    });
    return result;
  }

  static String summary(String xml) {
    Matcher code = CODE.matcher(xml);
    if (!code.find()) {
      return "no details";
    }
    Matcher message = MESSAGE.matcher(xml);
    return code.group(1).strip() + (message.find() ? ": " + message.group(1).strip() : "");
  }
}
