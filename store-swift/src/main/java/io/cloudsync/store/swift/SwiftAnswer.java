package io.cloudsync.store.swift;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A remote Swift cluster's answer to one request, with a short body (listings, error texts).
 *
 * @param status the HTTP status
 * @param reason the reason phrase
 * @param headers header names in lower case, values in order
 * @param body the body, read whole (only for requests whose answers are small)
 */
public record SwiftAnswer(int status, String reason, Map<String, List<String>> headers, byte[] body) {

  public SwiftAnswer {
    headers = Map.copyOf(headers);
    body = body.clone();
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
