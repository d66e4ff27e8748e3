package io.cloudsync.migrate.plan;

import io.cloudsync.store.RemoteReader;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Merges a source listing and the local listing, both ascending in Swift's name order (code
 * points), into one {@link Decision} per name. Fixes upstream's {@code _find_missing_objects}, which
 * compared a name with a listing dict, so a local-only name made both cursors advance and a source
 * object was skipped.
 */
public final class ListingMerge implements Iterator<Decision> {
  private final Iterator<Entry> source;
  private final Iterator<Entry> local;
  private Entry s;
  private Entry l;

  public ListingMerge(Iterator<Entry> source, Iterator<Entry> local) {
    this.source = source;
    this.local = local;
    this.s = next(source);
    this.l = next(local);
  }

  private static Entry next(Iterator<Entry> it) {
    return it.hasNext() ? it.next() : null;
  }

  @Override
  public boolean hasNext() {
    return s != null || l != null;
  }

  @Override
  public Decision next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int order = s == null ? 1 : l == null ? -1 : RemoteReader.compareNames(s.name(), l.name());
    if (order < 0) {
      Decision d = new Decision.Copy(s, null);
      s = next(source);
      return d;
    }
    if (order > 0) {
      Decision d = new Decision.LocalOnly(l);
      l = next(local);
      return d;
    }
    Decision d = s.time().ticks() > l.time().ticks() ? new Decision.Copy(s, l) : new Decision.InSync(s, l);
    s = next(source);
    l = next(local);
    return d;
  }
}
