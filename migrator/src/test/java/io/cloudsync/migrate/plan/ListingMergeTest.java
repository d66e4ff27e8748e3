package io.cloudsync.migrate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudsync.swift.SwiftTimestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingMergeTest {
  private static Entry e(String name, long ticks) {
    return new Entry(name, new SwiftTimestamp(ticks, 0), "h", 1);
  }

  private static List<String> merge(List<Entry> source, List<Entry> local) {
    List<String> out = new ArrayList<>();
    ListingMerge merge = new ListingMerge(source.iterator(), local.iterator());
    while (merge.hasNext()) {
      Decision d = merge.next();
      if (d instanceof Decision.Copy c) {
        out.add("copy " + c.source().name());
      } else if (d instanceof Decision.InSync s) {
        out.add("same " + s.source().name());
      } else if (d instanceof Decision.LocalOnly l) {
        out.add("local " + l.local().name());
      }
    }
    return out;
  }

  @Test
  void aLocalOnlyNameDoesNotMakeTheMergeSkipASourceObject() {
    // upstream compared a name with a dict here and advanced both cursors, skipping "b"
    assertThat(merge(List.of(e("b", 5), e("d", 5)), List.of(e("a", 5), e("d", 5))))
        .containsExactly("local a", "copy b", "same d");
  }

  @Test
  void newerSourceIsCopiedOlderOrEqualIsLeft() {
    assertThat(merge(List.of(e("a", 6), e("b", 5), e("c", 5)), List.of(e("a", 5), e("b", 5), e("c", 9))))
        .containsExactly("copy a", "same b", "same c");
  }

  @Test
  void namesAreOrderedByCodePointNotUtf16() {
    // U+1F600 (a surrogate pair) sorts after U+FF5E in Swift and S3, before it in String.compareTo
    String emoji = "\uD83D\uDE00";
    String wide = "\uFF5E";
    assertThat(merge(List.of(e(wide, 1), e(emoji, 1)), List.of(e(wide, 1), e(emoji, 1))))
        .containsExactly("same " + wide, "same " + emoji);
  }

  @Test
  void emptySides() {
    assertThat(merge(List.of(), List.of(e("x", 1)))).containsExactly("local x");
    assertThat(merge(List.of(e("x", 1)), List.of())).containsExactly("copy x");
    assertThat(merge(List.of(), List.of())).isEmpty();
  }

  @Test
  void pagesFetchLazilyUntilTheLastPage() {
    List<String> markers = new ArrayList<>();
    Pages<String> pages = new Pages<>(marker -> {
      markers.add(marker);
      return switch (marker) {
        case "" -> new Pages.Page<>(List.of("a", "b"), "b");
        case "b" -> new Pages.Page<>(List.of("c"), null);
        default -> throw new AssertionError(marker);
      };
    });
    List<String> all = new ArrayList<>();
    pages.forEachRemaining(all::add);
    assertThat(all).containsExactly("a", "b", "c");
    assertThat(markers).containsExactly("", "b");
  }
}
