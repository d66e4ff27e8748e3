package io.cloudsync.cli;

import static io.cloudsync.cli.SyncFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.testing.SwiftClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code storage_policy} of a {@code protocol: swift} mapping: the remote container cloudsync
 * creates (and its {@code _segments} container) gets that policy; a policy the remote cluster does
 * not have is an error of that mapping alone, naming the policy, and the other mappings go on.
 * The SAIO has one policy, {@code Policy-0}.
 */
class SwiftStoragePolicyIT {
  @TempDir
  Path dir;

  @Test
  void theRemoteContainerIsCreatedWithThePolicyAndAnUnknownPolicyStopsOnlyItsMapping() throws Exception {
    SyncFixture fx = new SyncFixture(dir);
    SwiftClient swift = fx.saio.client();
    SwiftClient remote = SwiftObjectHeadersIT.remote(fx);
    String good = unique("cs9-pol");
    String bad = unique("cs9-polbad");
    for (String c : new String[] {good, bad}) {
      swift.createContainer(c);
      swift.put(c, "o", "policy".getBytes(StandardCharsets.UTF_8), Map.of());
    }
    ObjectNode known = mapping(fx, good, good + "-r", "Policy-0");
    ObjectNode unknown = mapping(fx, bad, bad + "-r", "cs9-no-such-policy");
    Path conf = fx.write("policy.json", fx.config(1, known, unknown));

    SyncFixture.Run run = fx.syncOnce(conf);

    assertThat(run.exitCode()).as("a mapping could not sync").isEqualTo(1);
    assertThat(remote.request("HEAD", good + "-r", null, Map.of(), null).headers()
        .firstValue("X-Storage-Policy")).hasValue("Policy-0");
    assertThat(remote.list(good + "-r")).containsExactly("o");
    assertThat(remote.request("HEAD", bad + "-r", null, Map.of(), null).statusCode()).isEqualTo(404);
    JsonNode row = OperatorViewIT.status(conf, bad);
    assertThat(row.get("blocked_reason").asText()).contains("cs9-no-such-policy").contains("storage_policy")
        .contains(bad + "-r");
  }

  private static ObjectNode mapping(SyncFixture fx, String container, String remoteContainer, String policy) {
    ObjectNode m = fx.mapping(container, remoteContainer, fx.saio.env("SWIFT_AUTH_URL"), fx.saio.env("SWIFT_USER2"),
        fx.saio.env("SWIFT_KEY2"));
    m.put("protocol", "swift");
    m.put("storage_policy", policy);
    return m;
  }
}
