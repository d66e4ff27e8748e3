package io.cloudsync.store.gcs;

import com.google.auth.Credentials;
import com.google.auth.http.HttpTransportFactory;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The credentials a GCS store signs in with: a service-account key (its JSON, whose
 * {@code token_uri} the token is fetched from) or Application Default Credentials. Messages never
 * carry the key.
 *
 * @param credentials what the client sends
 * @param clientEmail the service account's {@code client_email}, or null for ADC
 * @param projectId the key's {@code project_id}, or null
 */
public record GcsCredentials(Credentials credentials, String clientEmail, String projectId) {
  /** Read and write objects, list and get buckets: what the sync, the shunt and verify need. */
  static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/devstorage.read_write");

  /**
   * @param json a service-account JSON, or empty for Application Default Credentials
   * @param transport HTTP for token requests (the mapping's egress proxy, or direct)
   * @throws IllegalArgumentException when the JSON is not a service-account key, or there are no
   *     Application Default Credentials (the message says which, without the key)
   */
  public static GcsCredentials from(String json, HttpTransportFactory transport) {
    if (json.isEmpty()) {
      try {
        GoogleCredentials adc = GoogleCredentials.getApplicationDefault(transport).createScoped(SCOPES);
        return new GcsCredentials(adc, null, null);
      } catch (IOException e) {
        throw new IllegalArgumentException("no gcs_credentials given and no Application Default Credentials: "
            + e.getMessage(), e);
      }
    }
    if (!json.stripLeading().startsWith("{")) {
      throw new IllegalArgumentException("the GCS credentials are not a service-account JSON key");
    }
    try {
      ServiceAccountCredentials key = ServiceAccountCredentials.fromStream(
          new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), transport);
      return new GcsCredentials(key.createScoped(SCOPES), key.getClientEmail(), key.getProjectId());
    } catch (IOException | RuntimeException e) {
      // the library's messages name fields, never values; keep only the reason
      throw new IllegalArgumentException("the GCS credentials are not a usable service-account JSON key ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())) + ")");
    }
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
