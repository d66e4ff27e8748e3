package io.cloudsync.config;

import static io.cloudsync.config.ConfigFixtures.mapping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MappingConfigTest {

  private static final String SWIFT = "\"protocol\": \"swift\","
      + " \"aws_endpoint\": \"http://swift.example.com/auth/v1.0\"";

  @Test
  void targetIdIsStableAcrossRunsAndIndependentOfLocalSide() throws Exception {
    MappingConfig m = mapping("");
    assertThat(m.targetId()).hasSize(16).matches("[0-9a-f]{16}");
    // golden value: status files written by one version must be found by the next
    assertThat(m.targetId()).isEqualTo("a8afb8acf4908b85");
    assertThat(mapping("\"copy_after\": 60, \"propagate_delete\": false").targetId())
        .isEqualTo(m.targetId());
    assertThat(ConfigFixtures.parse(ConfigFixtures.oneMapping("")
        .replace("\"photos\"", "\"other\"")).containers().get(0).targetId())
        .isEqualTo(m.targetId());
  }

  @Test
  void targetIdDiffersPerBucketPrefixEndpointAndProtocol() throws Exception {
    String base = mapping("").targetId();
    assertThat(ConfigFixtures.parse(ConfigFixtures.oneMapping("")
        .replace("\"bucket\"", "\"bucket2\"")).containers().get(0).targetId())
        .isNotEqualTo(base);
    String prefixA = mapping("\"custom_prefix\": \"a\"").targetId();
    String prefixB = mapping("\"custom_prefix\": \"b\"").targetId();
    String prefixEmpty = mapping("\"custom_prefix\": \"\"").targetId();
    assertThat(prefixA).isNotEqualTo(base).isNotEqualTo(prefixB).isNotEqualTo(prefixEmpty);
    assertThat(prefixEmpty).isNotEqualTo(base);
    assertThat(mapping("\"custom_prefix\": \"/a/\"").targetId()).isEqualTo(prefixA);
    assertThat(mapping("\"aws_endpoint\": \"http://s3.local:9000\"").targetId())
        .isNotEqualTo(base)
        .isEqualTo(mapping("\"aws_endpoint\": \"http://s3.local:9000/\"").targetId());
    assertThat(mapping(SWIFT).targetId()).isNotEqualTo(
        mapping("\"aws_endpoint\": \"http://swift.example.com/auth/v1.0\"").targetId());
  }

  @Test
  void swiftTargetIdDependsOnTheRemoteAccount() throws Exception {
    String own = mapping(SWIFT).targetId();
    String other = mapping(SWIFT + ", \"remote_account\": \"AUTH_b\"").targetId();
    assertThat(own).isNotEqualTo(other);
    String otherUser = ConfigFixtures.parse(ConfigFixtures.oneMapping(SWIFT)
        .replace("AKIDEXAMPLE", "test2:tester2")).containers().get(0).targetId();
    assertThat(otherUser).isNotEqualTo(own);
  }

  @Test
  void perAccountArchiveShunted() throws Exception {
    MappingConfig m = ConfigFixtures.parse(ConfigFixtures.oneMapping(
        "\"retain_local\": false, \"propagate_delete\": false, \"copy_after\": 3600")
        .replace("\"photos\"", "\"/*\"")).containers().get(0);
    assertThat(m.perAccount()).isTrue();
    assertThat(m.archive()).isTrue();
    assertThat(m.shunted()).isTrue();
    assertThat(m.policy()).isEqualTo(new Policy(3600, false, false));
  }

  @Test
  void amazonDetection() throws Exception {
    assertThat(mapping("").isAmazon()).isTrue();
    assertThat(mapping("\"aws_endpoint\": \"https://s3.eu-west-1.amazonaws.com\"").isAmazon())
        .isTrue();
    assertThat(mapping("\"aws_endpoint\": \"https://s3.cn-north-1.amazonaws.com.cn/\"")
        .isAmazon()).isTrue();
    assertThat(mapping("\"aws_endpoint\": \"http://localhost:10080\"").isAmazon()).isFalse();
    assertThat(mapping(SWIFT).isAmazon()).isFalse();
  }

  @Test
  void googleDetection() throws Exception {
    assertThat(mapping("\"aws_endpoint\": \"https://storage.googleapis.com\"").isGoogle())
        .isTrue();
    assertThat(mapping("\"aws_endpoint\": \"https://storage.googleapis.com/\"").isGoogle())
        .isTrue();
    assertThat(mapping("\"aws_endpoint\": \"https://storage.googleapis.com\"").isAmazon())
        .isFalse();
    assertThat(ConfigFixtures.parse("{\"containers\": [{\"account\": \"AUTH_a\", \"container\": \"c\","
        + " \"aws_bucket\": \"b\", \"protocol\": \"gcs\"}]}").containers().get(0).isGoogle()).isTrue();
    assertThat(mapping("").isGoogle()).isFalse();
  }

  @Test
  void emptyEndpointMeansAmazonWithWarning() throws Exception {
    SyncConfig c = ConfigFixtures.parse(ConfigFixtures.oneMapping("\"aws_endpoint\": \"\""));
    assertThat(c.containers().get(0).awsEndpoint()).isNull();
    assertThat(c.warnings()).singleElement().asString()
        .contains("containers[0].aws_endpoint", "Amazon S3");
  }

  @Test
  void gcsNeedsNoCredentialsInConfig() throws Exception {
    MappingConfig m = ConfigFixtures.parse("{\"containers\": [{\"account\": \"AUTH_a\","
        + " \"container\": \"c\", \"aws_bucket\": \"b\", \"protocol\": \"gcs\"}]}")
        .containers().get(0);
    assertThat(m.awsIdentity()).isNull();
    assertThat(m.awsSecret()).isNull();
    assertThat(m.awsEndpoint()).isNull();
  }

  @Test
  void keystoneV3Fields() throws Exception {
    String ks = SWIFT.replace("auth/v1.0", "v3") + ", \"project_name\": \"p\","
        + " \"project_domain_name\": \"Default\", \"user_domain_name\": \"Default\"";
    MappingConfig m = mapping(ks + ", \"auth_version\": \"3\", \"region_name\": \"r1\"");
    assertThat(m.authVersion()).isEqualTo(3);
    assertThat(m.keystone()).isEqualTo(new KeystoneV3("p", "Default", "Default", "r1"));
    MappingConfig oneSpace = mapping(ks + ", \"auth_type\": \"keystone_v3\"");
    assertThat(oneSpace.authVersion()).isEqualTo(3);
    assertThat(oneSpace.keystone().regionName()).isNull();
    assertThat(mapping(SWIFT + ", \"auth_version\": 1").keystone()).isNull();
    assertThat(mapping(SWIFT + ", \"auth_type\": \"swift\"").authVersion()).isEqualTo(1);
  }

  @Test
  void perAccountSwiftMayUseAnEmptyContainerPrefix() throws Exception {
    MappingConfig m = ConfigFixtures.parse(ConfigFixtures.oneMapping(SWIFT)
        .replace("\"photos\"", "\"/*\"").replace("\"bucket\"", "\"\""))
        .containers().get(0);
    assertThat(m.awsBucket()).isEmpty();
    ConfigFixtures.error(ConfigFixtures.oneMapping("").replace("\"bucket\"", "\"\""),
        "containers[0].aws_bucket");
  }

  @Test
  void listingDuplicates() throws Exception {
    MappingConfig m = mapping("\"listing_duplicates\": \"upstream\"");
    assertThat(m.listingDuplicates()).isEqualTo(ListingDuplicates.UPSTREAM);
  }

  @Test
  void syncToHeaderInAMappingIsRefusedNamingTheTopLevelKey() {
    ConfigFixtures.error(ConfigFixtures.oneMapping("\"sync_to_header\": true"), "containers[0].sync_to_header");
  }

  @Test
  void constructorKeepsInvariants() throws Exception {
    MappingConfig m = mapping("");
    assertThatThrownBy(() -> new MappingConfig(m.account(), m.container(), m.protocol(),
        m.awsBucket(), m.awsEndpoint(), m.awsIdentity(), m.awsSecret(), null, 0,
        false, true, false, true, null, ListingDuplicates.ONCE, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MappingConfig(m.account(), "a/b", m.protocol(),
        m.awsBucket(), null, "i", Secret.of("s"), null, 0, true, true, false, true, null,
        ListingDuplicates.ONCE, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storagePolicyIsTheRemoteSwiftContainersPolicyAndNothingElse() throws Exception {
    assertThat(mapping(SWIFT + ", \"storage_policy\": \"gold\"").storagePolicy()).isEqualTo("gold");
    assertThat(mapping(SWIFT).storagePolicy()).isNull();
    assertThat(ConfigFixtures.error(ConfigFixtures.oneMapping("\"storage_policy\": \"gold\""),
        "containers[0].storage_policy").getMessage()).contains("only applies to \"protocol\": \"swift\"");
    assertThat(ConfigFixtures.error(ConfigFixtures.oneMapping(SWIFT + ", \"storage_policy\": \"\""),
        "containers[0].storage_policy").getMessage()).contains("storage_policy");
  }
}
