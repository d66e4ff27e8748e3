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
    ArrayNode migrations = migrations(loaded.config());
    if (json) {
      rows.addAll(migrations);
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
      return Main.OK;
    }
    printMigrations(out, migrations);
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
    if (rows.isEmpty() && migrations.isEmpty()) {
      out.println("(no progress recorded yet in " + loaded.config().statusDir() + ")");
    }
    return Main.OK;
  }

  /** The entries of {@code migrator_settings.status_file} ({@code kind: "migration"}), none without one. */
  private static ArrayNode migrations(io.cloudsync.config.SyncConfig conf) throws java.io.IOException {
    if (conf.migratorSettings() == null) {
      return new ObjectMapper().createArrayNode();
    }
    return io.cloudsync.migrate.state.MigrationStatusFile.read(conf.migratorSettings().statusFile());
  }

  private static void printMigrations(PrintWriter out, ArrayNode migrations) {
    if (migrations.isEmpty()) {
      return;
    }
    String format = "%-14s %-24s %-40s %9s %12s %8s %7s%n";
    out.printf(format, "ACCOUNT", "CONTAINER", "MIGRATION FROM", "COPIED", "BYTES", "DELETES", "ERRORS");
    for (JsonNode m : migrations) {
      out.printf(format, m.path("account").asText(), m.path("container").asText(), m.path("protocol").asText() + ":"
          + m.path("aws_bucket").asText(), m.path("objects_copied").asText("0"), m.path("bytes_copied").asText("0"),
          m.path("deletes").asText("0"), m.path("errors").asText("0"));
      out.println("  last pass " + m.path("last_pass_end").asText("never")
          + (m.hasNonNull("last_error") ? "; last error: " + m.get("last_error").asText() : ""));
    }
    out.println();
  }
}
