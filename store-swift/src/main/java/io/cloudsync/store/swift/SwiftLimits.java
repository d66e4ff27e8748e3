package io.cloudsync.store.swift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * What a Swift cluster refuses, from its {@code /info} ({@code swift} constraints and the
 * {@code slo} middleware's): checked before a request is sent, so a name or metadata the cluster
 * cannot hold is refused without reading the object. A limit of -1 is unknown (not checked here;
 * the cluster's 400 still says so).
 *
 * @param maxObjectNameLength {@code max_object_name_length}, UTF-8 bytes
 * @param maxContainerNameLength {@code max_container_name_length}, UTF-8 bytes
 * @param maxMetaNameLength {@code max_meta_name_length}: bytes of a key after {@code X-Object-Meta-}
 * @param maxMetaValueLength {@code max_meta_value_length}, bytes
 * @param maxMetaCount {@code max_meta_count}
 * @param maxMetaOverallSize {@code max_meta_overall_size}: bytes of all keys and values
 * @param maxFileSize {@code max_file_size}: the largest object one PUT stores
 * @param maxManifestSegments the slo middleware's {@code max_manifest_segments}
 */
record SwiftLimits(int maxObjectNameLength, int maxContainerNameLength, int maxMetaNameLength,
    int maxMetaValueLength, int maxMetaCount, int maxMetaOverallSize, long maxFileSize, int maxManifestSegments) {

  /** A cluster that publishes no {@code /info}. */
  static final SwiftLimits UNKNOWN = new SwiftLimits(-1, -1, -1, -1, -1, -1, -1, -1);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The limits of an {@code /info} document; what it lacks is unknown. */
  static SwiftLimits parse(byte[] info) {
    JsonNode root;
    try {
      root = JSON.readTree(info);
    } catch (IOException e) {
      return UNKNOWN;
    }
    JsonNode swift = root.path("swift");
    JsonNode slo = root.path("slo");
    return new SwiftLimits(
        swift.path("max_object_name_length").asInt(-1),
        swift.path("max_container_name_length").asInt(-1),
        swift.path("max_meta_name_length").asInt(-1),
        swift.path("max_meta_value_length").asInt(-1),
        swift.path("max_meta_count").asInt(-1),
        swift.path("max_meta_overall_size").asInt(-1),
        swift.path("max_file_size").asLong(-1),
        slo.path("max_manifest_segments").asInt(-1));
  }
}
