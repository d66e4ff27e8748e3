package io.cloudsync.swift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ObjectHeadersTest {

  @Test
  void carriesSwiftsDefaultAllowedHeadersAndASymlinksHeadersInLowerCase() {
    Map<String, String> answer = new TreeMap<>();
    answer.put("Content-Encoding", "gzip");
    answer.put("CONTENT-DISPOSITION", "inline");
    answer.put("X-Delete-At", "1900000000");
    answer.put("X-Symlink-Target", "c/o");
    answer.put("X-Symlink-Target-Etag", "abc");
    answer.put("X-Trans-Id", "tx1");
    answer.put("X-Object-Meta-Color", "blue");
    answer.put("Content-Length", "0");

    assertThat(ObjectHeaders.of(answer)).containsOnlyKeys("content-encoding", "content-disposition", "x-delete-at",
        "x-symlink-target", "x-symlink-target-etag");
    assertThat(ObjectHeaders.stored(answer)).containsOnlyKeys("content-encoding", "content-disposition",
        "x-delete-at");
    assertThat(ObjectHeaders.carried("x-delete-after")).as("Swift stores it as X-Delete-At").isFalse();
  }

  @Test
  void wireNamesAreCapitalisedPerWord() {
    assertThat(ObjectHeaders.wireName("content-disposition")).isEqualTo("Content-Disposition");
    assertThat(ObjectHeaders.wireName("x-symlink-target-account")).isEqualTo("X-Symlink-Target-Account");
  }

  @Test
  void metadataReadWithSymlinkGetKnowsItIsALink() {
    ObjectMetadata link = new ObjectMetadata("d41d8cd98f00b204e9800998ecf8427e", "application/symlink", 0,
        new TreeMap<>(), false, null, null, new TreeMap<>(Map.of("x-symlink-target", "c/o")));
    assertThat(link.symlink()).isTrue();
    assertThat(ObjectMetadata.simple("e", "t", 1, Map.of()).symlink()).isFalse();
    assertThat(ObjectMetadata.simple("e", "t", 1, Map.of()).objectHeaders()).isEmpty();
  }
}
