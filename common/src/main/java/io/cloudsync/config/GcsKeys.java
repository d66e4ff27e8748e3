package io.cloudsync.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A Google service-account key given as {@code gcs_credentials} (or {@code verify --password}): a
 * path to the JSON file, {@code file:/path}, or {@code env:NAME} whose value is the JSON itself or
 * a path to it. The key is read and checked once, when the configuration is loaded, so a wrong one
 * is refused with its key name rather than failing every request; its contents never appear in a
 * message.
 *
 * @param json the key file's JSON, as a secret
 * @param clientEmail its {@code client_email} (the service account)
 */
public record GcsKeys(Secret json, String clientEmail) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads and checks the key.
   *
   * @throws IllegalArgumentException naming the file or variable and what is wrong
   */
  public static GcsKeys resolve(String spec, Function<String, String> env) {
    Secret secret;
    if (spec.startsWith(Secret.ENV_PREFIX)) {
      secret = Secret.resolve(spec, env);
      if (!secret.reveal().stripLeading().startsWith("{")) {
        secret = fromFile(secret.reveal().strip(), spec);
      }
    } else if (spec.startsWith(Secret.FILE_PREFIX)) {
      secret = Secret.resolve(spec, env);
    } else {
      secret = fromFile(spec, spec);
    }
    return new GcsKeys(secret, check(secret));
  }

  private static Secret fromFile(String path, String origin) {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("must name a service-account JSON file");
    }
    try {
      return Secret.resolve(Secret.FILE_PREFIX + Path.of(path).toAbsolutePath(), name -> null);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("\"" + origin + "\" is not a valid file name");
    }
  }

  /** The key's client_email, once it is known to be a service-account key. */
  private static String check(Secret secret) {
    JsonNode key;
    try {
      key = JSON.readTree(secret.reveal());
    } catch (IOException e) {
      throw new IllegalArgumentException(where(secret) + " is not JSON (a service-account key file is)");
    }
    if (key == null || !key.isObject()) {
      throw new IllegalArgumentException(where(secret) + " is not a JSON object (a service-account key file is)");
    }
    String type = key.path("type").asText("");
    if (!type.equals("service_account")) {
      throw new IllegalArgumentException(where(secret) + " has \"type\": \"" + type + "\"; only service-account"
          + " keys (\"service_account\") are read here; for user or external-account credentials leave"
          + " gcs_credentials out and use Application Default Credentials");
    }
    for (String field : new String[] {"client_email", "private_key", "token_uri"}) {
      if (key.path(field).asText("").isBlank()) {
        throw new IllegalArgumentException(where(secret) + " has no \"" + field + "\"");
      }
    }
    return key.path("client_email").asText();
  }

  private static String where(Secret secret) {
    return secret.origin().startsWith(Secret.ENV_PREFIX) ? "the value of " + secret.origin().substring(4)
        : "the key " + secret.origin().substring(Secret.FILE_PREFIX.length());
  }
}
