package io.cloudsync.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsync.store.StoreException;
import io.cloudsync.store.swift.SwiftSession.Request;
import java.util.ArrayList;
import java.util.List;

/** Account-level Swift calls (the container listing), used to check credentials without a container. */
public final class SwiftBuckets {
  private static final int PAGE = 10_000;

  private SwiftBuckets() {}

  /** Names of the containers of the account; {@code settings.bucket()} is not used. */
  public static List<String> list(SwiftSettings settings) throws StoreException {
    try (SwiftSession session = SwiftSession.of(settings, 2)) {
      List<String> names = new ArrayList<>();
      String marker = "";
      while (true) {
        Request get = Request.of("GET", null, null).query("format", "json").query("limit", String.valueOf(PAGE))
            .query("marker", marker);
        String what = "account GET";
        SwiftAnswer answer = SwiftErrors.call(session, what, get);
        if (!answer.isSuccess()) {
          throw SwiftErrors.status(what, session.where(get), answer);
        }
        JsonNode page = SwiftStore.listing(what, session.where(get), answer);
        for (JsonNode entry : page) {
          marker = entry.path("name").asText();
          names.add(marker);
        }
        if (page.size() < PAGE) {
          return names;
        }
      }
    }
  }
}
