package io.cloudsync.crawler.pending;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.crawler.db.ContainerDb;
import io.cloudsync.crawler.support.Python;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .pending} file written by Swift's own {@code ContainerBroker}: its puts are appended
 * there and merged only by a later read, which this test never lets it do.
 */
class PendingFileSwiftTest {
  private static final String SCRIPT = """
      import sys
      from swift.common import utils
      utils.HASH_PATH_PREFIX = b'p'
      utils.HASH_PATH_SUFFIX = b's'
      from swift.common.utils import Timestamp
      from swift.container.backend import ContainerBroker
      t = lambda s: Timestamp(s).internal
      b = ContainerBroker(sys.argv[1], account='AUTH_t', container='c')
      b.initialize(t(1500000000), 0)
      b.put_object('a', t(1500000001), 1, 'text/plain', 'e')
      b.put_object('b', t(1500000002), 1, 'text/plain', 'e')
      b.get_info()  # a read: Swift merges the pending file into the DB (rows 1, 2)
      b.put_object('b', t(1500000003), 2, 'text/plain', 'f')
      b.put_object('c\\u2603', t(1500000004), 1, 'text/plain', 'e')
      b.put_object('c\\u2603', t(1500000005), 3, 'text/plain', 'g')
      b.delete_object('a', t(1500000006))
      """;

  @TempDir
  Path dir;

  @Test
  void rowsSwiftHasNotMergedAreCountedOncePerNameAndOnlyWhenTheyAddARowBeyondTheCursor() throws Exception {
    Path db = dir.resolve("c.db");
    Python.run(SCRIPT, db.toString());
    Path pending = dir.resolve("c.db.pending");

    PendingFile.Unmerged unmerged = PendingFile.read(pending);
    assertThat(unmerged.names()).containsExactlyInAnyOrder("a", "b", "c\u2603");
    assertThat(unmerged.rows()).isEqualTo(3);
    assertThat(unmerged.oldest()).isEqualTo(Instant.ofEpochSecond(1500000003));
    try (ContainerDb container = ContainerDb.open(db)) {
      assertThat(container.maxRowId()).as("only a and b merged").isEqualTo(2);
      assertThat(unmerged.rowsBeyond(container, 2)).as("cursor at the end of the DB: every name adds a row")
          .isEqualTo(3);
      assertThat(unmerged.rowsBeyond(container, 1)).as("b's row 2 is behind the cursor too and will be replaced")
          .isEqualTo(2);
      assertThat(unmerged.rowsBeyond(container, 0)).as("only c is new beyond a cursor at 0").isEqualTo(1);
    }
    assertThat(Set.copyOf(PendingFile.read(dir.resolve("none.pending")).names())).isEmpty();
  }
}
