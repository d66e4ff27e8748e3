package io.cloudsync.crawler.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cloudsync.swift.SwiftTimestamp;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the {@code metadata} column: {@code {"Header-Name": ["value", "timestamp"], ...}}. Empty
 * values mark deleted keys and are dropped; when two keys differ only in case the newer wins.
 */
final class MetadataJson {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataJson.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private record Entry(String value, SwiftTimestamp timestamp) {
  }

  private MetadataJson() {
  }

  static Map<String, String> parse(Path dbFile, String json) throws ContainerDbException {
    Map<String, String> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (json == null || json.isBlank()) {
      return result;
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ContainerDbException(dbFile, "container metadata is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!root.isObject()) {
      throw new ContainerDbException(dbFile, "container metadata is not a JSON object");
    }
    Map<String, Entry> newest = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      Entry entry = entry(dbFile, field.getKey(), field.getValue());
      if (entry == null) {
        continue;
      }
      Entry previous = newest.get(field.getKey());
      if (previous == null || entry.timestamp().compareTo(previous.timestamp()) >= 0) {
        newest.remove(field.getKey());
        newest.put(field.getKey(), entry);
      }
    }
    newest.forEach((key, entry) -> {
      if (!entry.value().isEmpty()) {
        result.put(key, entry.value());
      }
    });
    return result;
  }

  private static Entry entry(Path dbFile, String key, JsonNode node) {
    if (!node.isArray() || node.isEmpty() || !node.get(0).isValueNode()) {
      LOG.warn("{}: container metadata '{}' is not [value, timestamp]; ignored", dbFile, key);
      return null;
    }
    SwiftTimestamp ts = new SwiftTimestamp(0, 0);
    if (node.size() > 1 && node.get(1).isValueNode()) {
      try {
        ts = SwiftTimestamp.parse(node.get(1).asText());
      } catch (IllegalArgumentException e) {
        LOG.warn("{}: container metadata '{}' has a bad timestamp: {}", dbFile, key, e.getMessage());
      }
    }
    return new Entry(node.get(0).asText(), ts);
  }
}
