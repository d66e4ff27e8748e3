package io.cloudsync.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.config.Policy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status of DBs that left the node: shard DBs that shrank away, a root's retired {@code <hash>.db}. */
class StatusStorePruningTest {
  static final Policy POLICY = new Policy(0, true, true);

  @TempDir
  Path dir;

  @Test
  void entriesOfRetiredDbIdsAreDroppedOnceACurrentOneHasAnEntry() throws Exception {
    StatusStore store = new StatusStore(dir, Clock.systemUTC());
    store.write(new StatusKey("AUTH_a", "c", "retiring-id", "t1"), CursorEntry.start("b", POLICY).withCursors(7, 7));
    store.write(new StatusKey("AUTH_a", "c", "retiring-id", "t2"), CursorEntry.start("b", POLICY).withCursors(5, 5));

    store.retainDbIds("AUTH_a", "c", Set.of("fresh-id"));
    assertThat(store.all()).as("the fresh DB has no entry yet: nothing dropped").hasSize(2);

    store.write(new StatusKey("AUTH_a", "c", "fresh-id", "t1"), CursorEntry.start("b", POLICY).withCursors(9, 9));
    store.retainDbIds("AUTH_a", "c", Set.of("fresh-id"));
    assertThat(store.all()).extracting(e -> e.getKey().dbId()).containsExactly("fresh-id");
    assertThat(store.read(new StatusKey("AUTH_a", "c", "fresh-id", "t1"), "b", POLICY).lastRow()).isEqualTo(9);
  }

  @Test
  void containersAreListedAndRemoved() throws Exception {
    StatusStore store = new StatusStore(dir, Clock.systemUTC());
    store.write(new StatusKey(".shards_AUTH_a", "c-1", "id", "t"), CursorEntry.start("b", POLICY));
    store.write(new StatusKey(".shards_AUTH_a", "c-2", "id", "t"), CursorEntry.start("b", POLICY));

    assertThat(store.containers(".shards_AUTH_a")).containsExactly("c-1", "c-2");
    assertThat(store.containers("AUTH_none")).isEmpty();
    store.remove(".shards_AUTH_a", "c-1");
    assertThat(store.containers(".shards_AUTH_a")).containsExactly("c-2");
  }
}
