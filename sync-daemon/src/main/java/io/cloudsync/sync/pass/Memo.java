package io.cloudsync.sync.pass;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed on first use, once, by whichever thread asks first (the others wait for it):
 * a pass's remote listing is read only when a row actually needs a copy, not for a pass over
 * tombstones.
 */
final class Memo<T> implements Supplier<T> {
  private final Supplier<T> compute;
  private T value;

  Memo(Supplier<T> compute) {
    this.compute = Objects.requireNonNull(compute, "compute");
  }

  @Override
  public synchronized T get() {
    if (value == null) {
      value = Objects.requireNonNull(compute.get(), "a memo's value");
    }
    return value;
  }
}
