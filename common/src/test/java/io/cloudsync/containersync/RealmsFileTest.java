package io.cloudsync.containersync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealmsFileTest {
  @TempDir
  Path dir;

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void rereadsAChangedFileAfterItsCheckIntervalAndKeepsTheOldRealmsOverABrokenOne() throws Exception {
    Path file = dir.resolve("container-sync-realms.conf");
    TestClock clock = new TestClock();
    RealmsFile realms = new RealmsFile(file, clock);
    assertThat(realms.current().realms()).as("no file, no realms").isEmpty();

    Files.writeString(file, "[DEFAULT]\nmtime_check_interval = 10\n[one]\nkey = k1\n");
    clock.now = clock.now.plusSeconds(301);
    assertThat(realms.current().key("ONE")).hasValue("k1");

    Files.writeString(file, "[DEFAULT]\nmtime_check_interval = 10\n[one]\nkey = k2\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
    clock.now = clock.now.plusSeconds(5);
    assertThat(realms.current().key("one")).as("not looked at before the interval").hasValue("k1");
    clock.now = clock.now.plus(Duration.ofSeconds(6));
    assertThat(realms.current().key("one")).hasValue("k2");

    Files.writeString(file, "key outside a section\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
    clock.now = clock.now.plusSeconds(11);
    assertThat(realms.current().key("one")).hasValue("k2");
  }
}
