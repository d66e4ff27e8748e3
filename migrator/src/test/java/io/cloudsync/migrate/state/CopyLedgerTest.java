package io.cloudsync.migrate.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.swift.SwiftTimestamp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyLedgerTest {
  @TempDir
  Path dir;

  @Test
  void recordsSurviveReopeningAndInSyncNeverOverwritesACopy() throws Exception {
    SwiftTimestamp copied = SwiftTimestamp.parse("1600000000.12345");
    try (CopyLedger ledger = new CopyLedger(dir.resolve("l/m.db"))) {
      ledger.copied("c", "ünï ☃", copied);
      ledger.seenInSync("c", "ünï ☃", SwiftTimestamp.parse("1.00000"));
      ledger.seenInSync("c", "other", SwiftTimestamp.parse("2.00000"));
    }
    try (CopyLedger ledger = new CopyLedger(dir.resolve("l/m.db"))) {
      assertThat(ledger.lookup("c", "ünï ☃")).hasValue(copied);
      assertThat(ledger.lookup("c", "other")).hasValue(SwiftTimestamp.parse("2.00000"));
      assertThat(ledger.lookup("d", "other")).isEmpty();
      ledger.forget("c", "other");
      assertThat(ledger.lookup("c", "other")).isEmpty();
    }
  }
}
