package io.cloudsync.migrate.plan;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Iterates a paged listing lazily: one page in memory at a time.
 *
 * @param <T> the entry type
 */
public final class Pages<T> implements Iterator<T> {
  /** A page and where the next one starts (null when this is the last). */
  public record Page<T>(List<T> entries, String nextMarker) {}

  /** Fetches the page after {@code marker} (empty for the start). */
  @FunctionalInterface
  public interface Fetch<T> {
    Page<T> page(String marker);
  }

  private final Fetch<T> fetch;
  private Iterator<T> current = List.<T>of().iterator();
  private String marker = "";
  private boolean done;
  private long pages;

  public Pages(Fetch<T> fetch) {
    this.fetch = fetch;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext() && !done) {
      Page<T> page = fetch.page(marker);
      pages++;
      current = page.entries().iterator();
      if (page.nextMarker() == null || page.entries().isEmpty()) {
        done = true;
      } else {
        marker = page.nextMarker();
      }
    }
    return current.hasNext();
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }

  /** Pages fetched so far. */
  public long pages() {
    return pages;
  }
}
