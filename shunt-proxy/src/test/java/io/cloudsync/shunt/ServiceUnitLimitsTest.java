package io.cloudsync.shunt;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.testing.ProjectLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped systemd units let the daemons open enough files: the shunt's client connections
 * up to the default cap, each with a Swift connection, and then some.
 */
class ServiceUnitLimitsTest {
  private static final Pattern LIMIT = Pattern.compile("(?m)^LimitNOFILE=(\\d+)$");

  private static long limit(String unit) throws IOException {
    Matcher m = LIMIT.matcher(Files.readString(ProjectLayout.root().resolve("conf").resolve(unit)));
    assertThat(m.find()).as(unit + " sets LimitNOFILE").isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void theShuntMayOpenTwoFilesPerClientConnectionUpToTheDefaultCap() throws IOException {
    assertThat(limit("cloudsync-shunt.service")).isGreaterThan(2L * ShuntOptions.defaults().maxConnections());
  }

  @Test
  void theSyncDaemonHasTheSameLimit() throws IOException {
    assertThat(limit("cloudsync-sync.service")).isEqualTo(limit("cloudsync-shunt.service"));
  }
}
