package io.cloudsync.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cloudsync}: the command-line entry point. Exit codes: 0 success, 2 bad command line or
 * configuration (the message names the problem), 1 runtime failure.
 */
@Command(name = "cloudsync", mixinStandardHelpOptions = true, version = "cloudsync 0.1.0",
    description = "Mirror and archive OpenStack Swift containers to S3 and keep archived objects readable.",
    subcommands = {SyncCommand.class, MigrateCommand.class, StatusCommand.class, ShuntCommand.class, VerifyCommand.class,
        ReleaseDeletesCommand.class})
public final class Main {
  public static final int OK = 0;
  public static final int RUNTIME_FAILURE = 1;
  public static final int USAGE = 2;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests: no System.exit). */
  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given output streams and returns the exit code. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    // a bad command line (unknown or missing option) is 2, anything that fails while running is 1
    cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? USAGE : RUNTIME_FAILURE);
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      command.getErr().println("cloudsync: " + e.getMessage());
      return RUNTIME_FAILURE;
    });
    return cli.execute(args);
  }
}
