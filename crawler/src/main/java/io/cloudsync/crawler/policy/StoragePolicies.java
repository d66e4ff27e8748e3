package io.cloudsync.crawler.policy;

import io.cloudsync.crawler.swiftconf.SwiftConfFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ini4j.Ini;
import org.ini4j.Profile;

/**
 * The storage policies of {@code swift.conf}: {@code [storage-policy:N]} sections with their
 * {@code policy_type} ({@code replication} unless said otherwise). Without any such section Swift
 * has one replicated policy 0. Immutable.
 */
public final class StoragePolicies {
  private static final String SECTION_PREFIX = "storage-policy:";

  /** How a policy stores objects. */
  public enum Type { REPLICATION, ERASURE_CODING, OTHER }

  /**
   * One policy.
   *
   * @param index the policy index ({@code X-Backend-Storage-Policy-Index})
   * @param name its name, or {@code Policy-N} when the section gives none
   * @param type how it stores objects
   * @param typeName {@code policy_type} as written
   */
  public record Policy(int index, String name, Type type, String typeName) {
    /** The object ring of this policy: {@code object.ring.gz} for 0, {@code object-N.ring.gz} otherwise. */
    public Path ringFile(Path swiftDir) {
      return swiftDir.resolve(index == 0 ? "object.ring.gz" : "object-" + index + ".ring.gz");
    }
  }

  private final Map<Integer, Policy> policies;

  private StoragePolicies(Map<Integer, Policy> policies) {
    this.policies = Map.copyOf(policies);
  }

  /**
   * Reads the policies of a {@code swift.conf}.
   *
   * @throws IOException naming the file when it cannot be read, or a section's index is not a number
   */
  public static StoragePolicies load(Path swiftConf) throws IOException {
    Ini ini = SwiftConfFile.read(swiftConf, "the storage policies");
    Map<Integer, Policy> found = new TreeMap<>();
    for (Map.Entry<String, Profile.Section> entry : ini.entrySet()) {
      String sectionName = entry.getKey().strip().toLowerCase(Locale.ROOT);
      if (!sectionName.startsWith(SECTION_PREFIX)) {
        continue;
      }
      int index;
      try {
        index = Integer.parseInt(sectionName.substring(SECTION_PREFIX.length()).strip());
      } catch (NumberFormatException e) {
        throw new IOException(swiftConf + ": [" + entry.getKey() + "] is not a storage policy section with a"
            + " numeric index");
      }
      Profile.Section section = entry.getValue();
      String typeName = section.getOrDefault("policy_type", "replication").strip();
      String name = section.getOrDefault("name", "Policy-" + index).strip();
      found.put(index, new Policy(index, name, type(typeName), typeName));
    }
    if (found.isEmpty()) {
      found.put(0, new Policy(0, "Policy-0", Type.REPLICATION, "replication"));
    }
    return new StoragePolicies(found);
  }

  private static Type type(String typeName) {
    return switch (typeName.toLowerCase(Locale.ROOT)) {
      case "replication" -> Type.REPLICATION;
      case "erasure_coding" -> Type.ERASURE_CODING;
      default -> Type.OTHER;
    };
  }

  /** The policy with this index, if swift.conf defines it. */
  public Optional<Policy> get(int index) {
    return Optional.ofNullable(policies.get(index));
  }

  @Override
  public String toString() {
    return "StoragePolicies" + policies.values();
  }
}
