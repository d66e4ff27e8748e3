package io.cloudsync.crawler.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoragePoliciesTest {
  @TempDir
  Path dir;

  @Test
  void readsEachPolicyWithItsTypeAndRing() throws IOException {
    StoragePolicies policies = StoragePolicies.load(write("""
        [swift-hash]
        swift_hash_path_suffix = s

        [storage-policy:0]
        name = gold
        default = yes

        [storage-policy:1]
        name = silver
        policy_type = replication

        [storage-policy:2]
        name = ec42
        policy_type = erasure_coding
        ec_type = liberasurecode_rs_vand
        """));

    assertThat(policies.get(0)).hasValueSatisfying(p -> {
      assertThat(p.name()).isEqualTo("gold");
      assertThat(p.type()).isEqualTo(StoragePolicies.Type.REPLICATION);
      assertThat(p.ringFile(dir)).isEqualTo(dir.resolve("object.ring.gz"));
    });
    assertThat(policies.get(1).orElseThrow().ringFile(dir)).isEqualTo(dir.resolve("object-1.ring.gz"));
    assertThat(policies.get(2).orElseThrow().type()).isEqualTo(StoragePolicies.Type.ERASURE_CODING);
    assertThat(policies.get(3)).isEmpty();
  }

  @Test
  void withoutPolicySectionsThereIsOneReplicatedPolicyZero() throws IOException {
    StoragePolicies policies = StoragePolicies.load(write("[swift-hash]\nswift_hash_path_suffix = s\n"));

    assertThat(policies.get(0).orElseThrow().type()).isEqualTo(StoragePolicies.Type.REPLICATION);
    assertThat(policies.get(1)).isEmpty();
  }

  @Test
  void anUnknownTypeIsNeitherReplicationNorErasureCoding() throws IOException {
    StoragePolicies policies = StoragePolicies.load(write("[storage-policy:0]\npolicy_type = tape\n"));

    assertThat(policies.get(0).orElseThrow().type()).isEqualTo(StoragePolicies.Type.OTHER);
    assertThat(policies.get(0).orElseThrow().typeName()).isEqualTo("tape");
  }

  @Test
  void aBadSectionIndexOrAMissingFileNamesTheFile() throws IOException {
    Path bad = write("[storage-policy:one]\nname = x\n");
    assertThatThrownBy(() -> StoragePolicies.load(bad)).isInstanceOf(IOException.class)
        .hasMessageContaining(bad.toString()).hasMessageContaining("storage-policy:one");
    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(() -> StoragePolicies.load(missing)).isInstanceOf(IOException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("storage policies");
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("swift.conf"), text);
  }
}
