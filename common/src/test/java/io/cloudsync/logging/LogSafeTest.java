package io.cloudsync.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.swift.SwiftPath;
import org.junit.jupiter.api.Test;

class LogSafeTest {

  @Test
  void controlCharactersCannotForgeLinesOrDriveTerminals() {
    String forged = "x\n[12:00:00] ReplicaPass [INFO]: all synced\r\u001b[2J\u0000\t\u0085\u2028end";
    String safe = LogSafe.text(forged);
    assertThat(safe).doesNotContain("\n", "\r", "\u001b", "\u0000", "\t", "\u0085", "\u2028")
        .isEqualTo("x\\n[12:00:00] ReplicaPass [INFO]: all synced\\r\\x1b[2J\\x00\\t\\x85\\u2028end");
  }

  @Test
  void ordinaryNamesAreUnchangedAndEscapesAreUnambiguous() {
    assertThat(LogSafe.text("photos/ünï cødé ☃ 😀.jpg")).isEqualTo("photos/ünï cødé ☃ 😀.jpg");
    assertThat(LogSafe.text("a\\nb")).as("a literal backslash-n is not a newline").isEqualTo("a\\\\nb");
    assertThat(LogSafe.text(null)).isEqualTo("null");
  }

  @Test
  void swiftPathsPrintSafely() {
    assertThat(new SwiftPath("AUTH_a", "c", "evil\nline").toString()).isEqualTo("AUTH_a/c/evil\\nline");
  }
}
