package io.cloudsync.crawler.pending;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries as Swift 2.30 on Python 3 writes them (pickled by Python, protocol 2), and one from Python 2. */
class PendingFileTest {
  /** ('o1', '1796687401.98429', 5, 'text/plain', <md5>, 0, 0, None, None). */
  static final String O1_PUT = "gAIoWAIAAABvMXEAWBAAAAAxNzk2Njg3NDAxLjk4NDI5cQFLBVgKAAAAdGV4dC9wbGFpbnECWCAAAABkNDFkOGNk"
      + "OThmMDBiMjA0ZTk4MDA5OThlY2Y4NDI3ZXEDSwBLAE5OdHEELg==";
  /** The delete of o1: a second update of the same name. */
  static final String O1_DELETE = "gAIoWAIAAABvMXEAWBAAAAAxNzk2Njg3NDg1Ljg1ODM4cQFLAFgTAAAAYXBwbGljYXRpb24vZGVsZXRlZH"
      + "ECWAYAAABub2V0YWdxA0sBSwBOTnRxBC4=";
  /** A name with a snowman, a slash and a colon (the entry separator, harmless inside base64). */
  static final String SNOWMAN = "gAIoWBEAAABzbuKYg3cvd2l0aDpjb2xvbnEAWBAAAAAxNzk2Njg3NDg2LjAwMDAwcQFLBVgKAAAAdGV4dC9wbGFp"
      + "bnECWCAAAABkNDFkOGNkOThmMDBiMjA0ZTk4MDA5OThlY2Y4NDI3ZXEDSwBLAE5OdHEELg==";
  /** Python 2's pickle: the name as a short byte string. */
  static final String PY2_O2 = "gAIoVQJvMnEBVRAxNzk2Njg3NDg4LjAwMDAwcQJLBXRxAy4=";

  @TempDir
  Path dir;

  @Test
  void namesAreReadFromEveryRecordShape() {
    assertThat(PendingFile.nameOf(ascii(O1_PUT))).isEqualTo("o1");
    assertThat(PendingFile.nameOf(ascii(O1_DELETE))).isEqualTo("o1");
    assertThat(PendingFile.nameOf(ascii(SNOWMAN))).isEqualTo("sn\u2603w/with:colon");
    assertThat(PendingFile.nameOf(ascii(PY2_O2))).isEqualTo("o2");
    assertThat(PendingFile.nameOf(ascii("bm90IGEgcGlja2xl"))).as("base64 of something else").isNull();
    assertThat(PendingFile.nameOf(ascii("%%%"))).as("not base64").isNull();
  }

  @Test
  void countsDistinctNamesWaitingToBeMerged() throws IOException {
    Path pending = dir.resolve("x.db.pending");
    assertThat(PendingFile.unmergedRows(pending)).as("no file").isZero();
    Files.writeString(pending, "");
    assertThat(PendingFile.unmergedRows(pending)).as("emptied by a merge").isZero();

    Files.writeString(pending, ":" + O1_PUT);
    assertThat(PendingFile.unmergedRows(pending)).isEqualTo(1);
    Files.writeString(pending, ":" + O1_DELETE + ":" + SNOWMAN + ":" + PY2_O2, java.nio.file.StandardOpenOption.APPEND);
    assertThat(PendingFile.unmergedRows(pending)).as("o1 twice is one row once merged").isEqualTo(3);
    assertThat(PendingFile.read(pending).oldest()).as("the first PUT of o1")
        .isEqualTo(java.time.Instant.ofEpochSecond(1796687401, 984290000));
  }

  @Test
  void anUndecodableEntryStillCountsAsARow() throws IOException {
    Path pending = dir.resolve("x.db.pending");
    Files.writeString(pending, ":" + O1_PUT + ":bm90IGEgcGlja2xl:" + "A".repeat(100_000) + ":" + PY2_O2);
    assertThat(PendingFile.unmergedRows(pending)).isEqualTo(4);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
