package io.cloudsync.shunt.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsync.config.ListingDuplicates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ListingMergeTest {
  private static final ArchiveSettings PAGES_OF_2 = ArchiveSettings.defaults().withListingPageSize(2);

  private static ObjectNode local(String name) {
    if (name.endsWith("/")) {
      return JsonNodeFactory.instance.objectNode().put("subdir", name);
    }
    return JsonNodeFactory.instance.objectNode().put("bytes", 1).put("hash", "local").put("name", name)
        .put("content_type", "text/plain").put("last_modified", "2026-01-01T00:00:00.000000");
  }

  private static List<ObjectNode> locals(String... names) {
    List<ObjectNode> out = new ArrayList<>();
    for (String n : names) {
      out.add(local(n));
    }
    return out;
  }

  private static List<String> run(FakeRemoteReader remote, String query, List<ObjectNode> local,
      ListingDuplicates duplicates, ArchiveSettings settings) throws Exception {
    ListingParams params = ListingParams.parse("/v1/a/c?" + query, null);
    int limit = params.limit() == null ? settings.defaultListingLimit() : params.limit();
    ListingMerge.Result result = new ListingMerge(remote, "a", "c", params, local, limit, duplicates, settings)
        .run().toCompletableFuture().get();
    List<String> out = new ArrayList<>();
    for (ObjectNode e : result.entries()) {
      String key = ListingMerge.keyOf(e);
      out.add((e.has("content_location") ? "R:" : "L:") + key);
    }
    return out;
  }

  private static List<String> run(FakeRemoteReader remote, String query, List<ObjectNode> local) throws Exception {
    return run(remote, query, local, ListingDuplicates.ONCE, PAGES_OF_2);
  }

  @Test
  void mergesInCodePointOrderAcrossRemotePagesLocalWinning() throws Exception {
    FakeRemoteReader remote = new FakeRemoteReader("a", "c", "d", "e", "\ud83d\ude00", "g");
    List<String> out = run(remote, "", locals("b", "d", "\uffef"));
    assertThat(out).containsExactly("R:a", "L:b", "R:c", "L:d", "R:e", "R:g", "L:\uffef", "R:\ud83d\ude00");
  }

  @Test
  void upstreamDuplicatesListRemoteThenLocal() throws Exception {
    FakeRemoteReader remote = new FakeRemoteReader("a", "b");
    assertThat(run(remote, "", locals("b"), ListingDuplicates.UPSTREAM, PAGES_OF_2))
        .containsExactly("R:a", "R:b", "L:b");
  }

  @Test
  void stopsReadingRemotePagesOnceThePageIsComplete() throws Exception {
    FakeRemoteReader remote = new FakeRemoteReader();
    for (int i = 0; i < 100; i++) {
      remote.names.add(String.format("r%03d", i));
    }
    assertThat(run(remote, "limit=3", locals("a", "b"))).containsExactly("L:a", "L:b", "R:r000");
    assertThat(remote.listCalls.get()).isEqualTo(1);
    remote.listCalls.set(0);
    assertThat(run(remote, "limit=5&marker=r010", locals("zz"))).containsExactly("R:r011", "R:r012", "R:r013",
        "R:r014", "R:r015");
    assertThat(remote.listCalls.get()).isEqualTo(3);
    remote.listCalls.set(0);
    // duplicates count once: a page of names present in both places is not "complete"
    assertThat(run(remote, "limit=4", locals("r000", "r001", "r002"))).containsExactly("L:r000", "L:r001",
        "L:r002", "R:r003");
  }

  @Test
  void endMarkerBoundsTheRemoteSide() throws Exception {
    FakeRemoteReader remote = new FakeRemoteReader("a", "b", "c", "d", "e", "f", "g", "h");
    assertThat(run(remote, "marker=a&end_marker=d", locals("bb"))).containsExactly("R:b", "L:bb", "R:c");
    assertThat(remote.listCalls.get()).isEqualTo(2);
  }

  @Test
  void delimiterRollsUpAndASubdirInBothPlacesIsListedOnce() throws Exception {
    FakeRemoteReader remote = new FakeRemoteReader("a/1", "a/2", "a/3", "b", "c/1", "c/2", "d");
    assertThat(run(remote, "delimiter=/", locals("a/", "bb"))).containsExactly("L:a/", "R:b", "L:bb", "R:c/", "R:d");
    assertThat(run(remote, "delimiter=/&marker=a/", locals())).containsExactly("R:b", "R:c/", "R:d");
    assertThat(run(remote, "delimiter=/&prefix=c/", locals("c/0"))).containsExactly("L:c/0", "R:c/1", "R:c/2");
  }

  @Test
  void reverseReadsTheRemoteRangeAndKeepsItsTop() throws Exception {
    FakeRemoteReader remote = new FakeRemoteReader("a", "b", "c", "d", "e", "f", "g");
    assertThat(run(remote, "reverse=true&limit=3", locals("ee"))).containsExactly("R:g", "R:f", "L:ee");
    assertThat(run(remote, "reverse=true&marker=e&end_marker=a", locals("bb"))).containsExactly("R:d", "R:c",
        "L:bb", "R:b");
    assertThat(run(remote, "reverse=true&delimiter=/", locals())).hasSize(7);
    ArchiveSettings tiny = PAGES_OF_2.withMaxReverseScan(3);
    assertThatThrownBy(() -> run(remote, "reverse=true", locals(), ListingDuplicates.ONCE, tiny))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ListingMerge.ScanLimitException.class);
  }

  @Test
  void aReaderThatListsInReverseIsReadDescendingAndOnlyAsFarAsThePageNeeds() throws Exception {
    FakeRemoteReader remote = new FakeRemoteReader("a", "b", "c", "d", "e", "f", "g");
    remote.reverseListing = true;
    assertThat(run(remote, "reverse=true&limit=3", locals("ee"))).containsExactly("R:g", "R:f", "L:ee");
    assertThat(remote.listCalls.get()).as("pages of 2: g f, then e d").isEqualTo(2);
    assertThat(run(remote, "reverse=true&marker=e&end_marker=a", locals("bb"))).containsExactly("R:d", "R:c",
        "L:bb", "R:b");
    ArchiveSettings tiny = PAGES_OF_2.withMaxReverseScan(3);
    assertThat(run(remote, "reverse=true", locals(), ListingDuplicates.ONCE, tiny))
        .as("no scan limit: nothing is scanned").hasSize(7);
  }

  @Test
  void aRemoteThatDoesNotMoveForwardIsNotFollowedForever() throws Exception {
    FakeRemoteReader remote = new FakeRemoteReader("a", "b", "c", "d");
    remote.stuck = true;
    assertThat(run(remote, "", locals())).containsExactly("R:a", "R:b");
    assertThat(remote.listCalls.get()).isEqualTo(1);
  }

  @Test
  void aFailingRemoteFailsTheMergeSoTheCallerCanListLocally() throws Exception {
    FakeRemoteReader remote = new FakeRemoteReader("a");
    remote.fail = true;
    ListingParams params = ListingParams.parse("/v1/a/c", null);
    ListingMerge merge = new ListingMerge(remote, "a", "c", params, locals("x"), 10, ListingDuplicates.ONCE, PAGES_OF_2);
    assertThatThrownBy(() -> merge.run().toCompletableFuture().get()).isInstanceOf(ExecutionException.class);
    assertThat(merge.localOnly().entries()).hasSize(1);
  }
}
