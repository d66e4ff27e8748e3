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
    ArrayNode rows = StatusReport.rows(store.all(), HoldStore.read(loaded.config().statusDir()), clock.instant());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
      return Main.OK;
    }
    String format = "%-14s %-24s %-28s %9s %9s %9s %8s %7s %6s %10s %12s%n";
    out.printf(format, "ACCOUNT", "CONTAINER", "TARGET", "LAST_ROW", "VERIFIED", "MAX_ROW", "BEHIND", "LAG_S",
        "ERRORS", "UNSYNCABLE", "DELETES_HELD");
    for (JsonNode r : rows) {
      out.printf(format, r.get("account").asText(), r.get("container").asText(), r.get("target").asText(),
          r.get("last_row").asText(), r.get("last_verified_row").asText(), r.get("max_row").asText(),
          r.get("rows_behind").asText(), r.get("lag_seconds").asText(), r.get("errors").asText(),
          r.get("unsyncable").asText(), r.get("deletes_held").asText());
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
