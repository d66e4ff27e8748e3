package io.cloudsync.crawler.shard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cloudsync.crawler.db.ContainerInfo;
import io.cloudsync.crawler.db.ShardRange;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What the crawl needs to know about one DB file before reading its rows: its {@code
 * container_stat} (id, names, metadata) and its shard ranges.
 */
public record DbFacts(ContainerInfo info, List<ShardRange> ranges) {
  static final String QUOTED_ROOT = "X-Container-Sysmeta-Shard-Quoted-Root";
  static final String LEGACY_ROOT = "X-Container-Sysmeta-Shard-Root";
  static final String CONTEXT = "X-Container-Sysmeta-Shard-Context-";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public DbFacts {
    Objects.requireNonNull(info, "info");
    ranges = List.copyOf(ranges);
  }

  /** {@code account/container} of this DB. */
  public String path() {
    return info.account() + "/" + info.container();
  }

  /** The DB's own shard range, or null. */
  public ShardRange own() {
    return ranges.stream().filter(r -> r.name().equals(path())).findFirst().orElse(null);
  }

  /** The other shard ranges that are not deleted (shards of a root, acceptors of a shrinking shard). */
  public List<ShardRange> others() {
    return ranges.stream().filter(r -> !r.deleted() && !r.name().equals(path())).toList();
  }

  /**
   * The root container's path ({@code account/container}) of a shard DB, from {@code
   * X-Container-Sysmeta-Shard-Quoted-Root} (percent-encoded) or the legacy {@code
   * X-Container-Sysmeta-Shard-Root}; this DB's own path for a root.
   */
  public String root() {
    String quoted = info.metadata(QUOTED_ROOT);
    if (quoted != null && !quoted.isEmpty()) {
      return unquote(quoted);
    }
    String legacy = info.metadata(LEGACY_ROOT);
    return legacy != null && !legacy.isEmpty() ? legacy : path();
  }

  /** Whether this DB belongs to a shard container (it names a root other than itself). */
  public boolean isShard() {
    return !root().equals(path());
  }

  /**
   * How far Swift's sharder has cleaved the retiring DB with id {@code retiringId} into its shard
   * containers ({@code X-Container-Sysmeta-Shard-Context-<id>} of the fresh DB): names up to the
   * cursor were copied to the shards and replicated to a quorum of their nodes.
   */
  public CleaveCursor cleaveCursor(String retiringId) {
    String json = info.metadata(CONTEXT + retiringId);
    if (json == null || json.isEmpty()) {
      return CleaveCursor.NONE;
    }
    try {
      JsonNode context = JSON.readTree(json);
      return new CleaveCursor(context.path("cursor").asText(""), context.path("cleaving_done").asBoolean(false));
    } catch (java.io.IOException e) {
      return CleaveCursor.NONE;
    }
  }

  /** Python's {@code urllib.parse.unquote}: %XX escapes as UTF-8 bytes, '+' left alone. */
  static String unquote(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length
          && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0) {
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
