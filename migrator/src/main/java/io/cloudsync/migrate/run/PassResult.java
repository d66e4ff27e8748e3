package io.cloudsync.migrate.run;

import io.cloudsync.migrate.state.PassTotals;
import java.util.List;

/**
 * What one pass over every migration of this process came to.
 *
 * @param totals counts over every container migrated
 * @param failures one line per migration or container whose pass failed, or that had object errors
 */
public record PassResult(PassTotals totals, List<String> failures) {
  public PassResult {
    failures = List.copyOf(failures);
  }

  public boolean failed() {
    return !failures.isEmpty();
  }
}
