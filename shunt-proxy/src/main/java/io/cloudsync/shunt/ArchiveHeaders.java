package io.cloudsync.shunt;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The headers a Swift client gets for an archived object: the remote answer's headers, already
 * in Swift terms (the reader translated them), less hop-by-hop headers, plus the transaction ids
 * of local Swift's 404, so the request can be traced in Swift's logs.
 */
public final class ArchiveHeaders {
  /** Removed from remote answers (compared case-insensitively). */
  static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

  private ArchiveHeaders() {}

  /**
   * @param remote the reader's answer headers (Swift terms), in order
   * @param swift404 the headers of local Swift's 404 (for its transaction ids), or null
   */
  public static HttpHeaders forClient(List<Map.Entry<String, String>> remote, HttpHeaders swift404) {
    HttpHeaders out = new DefaultHttpHeaders();
    for (Map.Entry<String, String> header : remote) {
      if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        out.add(header.getKey(), header.getValue() == null ? "" : header.getValue());
      }
    }
    if (swift404 != null) {
      for (String id : new String[] {"X-Trans-Id", "X-Openstack-Request-Id"}) {
        String value = swift404.get(id);
        if (value != null) {
          out.add(id, value);
        }
      }
    }
    return out;
  }
}
