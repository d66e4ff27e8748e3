package io.cloudsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulator harness itself, at the request level: it builds and starts fake-gcs-server, and the
 * emulator refuses a body whose declared MD5 differs, in a one-request (multipart) upload and in a
 * resumable one (older versions ignored {@code md5Hash}; the native GCS store relies on it).
 */
class FakeGcsIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static FakeGcs gcs;

  @BeforeAll
  static void start() throws Exception {
    gcs = FakeGcs.start();
    HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/storage/v1/b?project=test"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"harness\"}")));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    gcs.close();
  }

  @Test
  void aOneRequestUploadWithAWrongMd5IsRefusedAndTheRightOneStored() throws Exception {
    HttpResponse<String> wrong = multipart("wrong", md5("hello world"), "HELLO WORLD");
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("MD5 hash");
    assertThat(objectStatus("wrong")).isEqualTo(404);

    HttpResponse<String> right = multipart("right", md5("HELLO WORLD"), "HELLO WORLD");
    assertThat(right.statusCode()).as(right.body()).isEqualTo(200);
    assertThat(right.body()).contains(md5("HELLO WORLD"));
    assertThat(objectStatus("right")).isEqualTo(200);
  }

  @Test
  void aResumableUploadWithAWrongMd5IsRefused() throws Exception {
    HttpResponse<String> session = send(HttpRequest.newBuilder(
            uri("/upload/storage/v1/b/harness/o?uploadType=resumable"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"resumable\", \"md5Hash\": \"" + md5("hello world")
            + "\"}")));
    assertThat(session.statusCode()).isEqualTo(200);
    String location = session.headers().firstValue("Location").orElseThrow();
    assertThat(location).as("-external-url makes the session URL the emulator's").startsWith(gcs.endpoint().toString());

    HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(location))
        .PUT(HttpRequest.BodyPublishers.ofString("HELLO WORLD")));
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.body()).contains("MD5 hash");
    assertThat(objectStatus("resumable")).isEqualTo(404);
  }

  private static HttpResponse<String> multipart(String name, String md5, String body) throws Exception {
    String boundary = "cloudsync-boundary";
    String multipart = "--" + boundary + "\r\nContent-Type: application/json\r\n\r\n{\"name\": \"" + name
        + "\", \"md5Hash\": \"" + md5 + "\"}\r\n--" + boundary + "\r\nContent-Type: text/plain\r\n\r\n" + body
        + "\r\n--" + boundary + "--\r\n";
    return send(HttpRequest.newBuilder(uri("/upload/storage/v1/b/harness/o?uploadType=multipart"))
        .header("Content-Type", "multipart/related; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(multipart)));
  }

  private static int objectStatus(String name) throws Exception {
    return send(HttpRequest.newBuilder(uri("/storage/v1/b/harness/o/" + name)).GET()).statusCode();
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return gcs.endpoint().resolve(path);
  }

  private static String md5(String text) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5")
        .digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
