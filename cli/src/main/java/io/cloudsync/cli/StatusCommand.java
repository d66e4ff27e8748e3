package io.cloudsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cloudsync.status.StatusStore;
import io.cloudsync.sync.hold.HoldStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cloudsync status}: how far each container and target has got, read from the status files. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show per-mapping progress: rows behind, last row, lag, last pass, errors.")
final class StatusCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE")
  Path config;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ConfigFiles.Loaded loaded = ConfigFiles.load(config, true, spec.commandLine().getErr());
    if (!loaded.ok()) {
      return loaded.exitCode();
    }
    Clock clock = Clock.systemUTC();
    StatusStore store = new StatusStore(loaded.config().statusDir(), clock);
    ArrayNode rows = StatusReport.rows(StatusReport.read(store, HoldStore.read(loaded.config().statusDir()),
        LiveProgress.open(loaded.config())), clock.instant());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
      return Main.OK;
    }
    String format = "%-14s %-24s %-28s %9s %9s %9s %8s %7s %6s %10s %12s %12s%n";
    out.printf(format, "ACCOUNT", "CONTAINER", "TARGET", "LAST_ROW", "VERIFIED", "MAX_ROW", "BEHIND", "LAG_S",
        "ERRORS", "UNSYNCABLE", "BYTES", "DELETES_HELD");
    for (JsonNode r : rows) {
      out.printf(format, r.get("account").asText(), r.get("container").asText(), r.get("target").asText(),
          r.path("last_row").asText("-"), r.path("last_verified_row").asText("-"), r.path("max_row").asText("-"),
          r.path("rows_behind").asText("-"), r.path("lag_seconds").asText("-"), r.path("errors").asText("-"),
          r.path("unsyncable").asText("-"), r.get("bytes_copied").asText(), r.get("deletes_held").asText());
      if (!r.get("blocked_reason").isNull()) {
        out.println("  BLOCKED since " + r.get("blocked_since").asText() + ": " + r.get("blocked_reason").asText());
      }
      out.println("  last pass " + r.path("last_pass_end").asText("never") + ", next pass "
          + (r.get("next_pass").isNull() ? "unknown (no daemon report)" : r.get("next_pass").asText()));
      if (r.get("deletes_held").asLong() > 0) {
        out.println("  deletes held since " + r.get("held_since").asText()
            + "; lift with: cloudsync release-deletes --config " + config + " --account " + r.get("account").asText()
            + " --container " + r.get("container").asText());
      }
    }
    if (rows.isEmpty()) {
      out.println("(no progress recorded yet in " + loaded.config().statusDir() + ")");
    }
    return Main.OK;
  }
}
