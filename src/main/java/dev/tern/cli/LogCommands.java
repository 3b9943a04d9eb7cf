package dev.tern.cli;

import dev.tern.cli.view.OpView;
import dev.tern.model.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The operation log, whole ({@code log}) or for one issue ({@code history}). */
final class LogCommands {
  private LogCommands() {}

  @Command(name = "log", description = "The operation log, newest first.")
  static final class Log extends TernCommand {
    @Option(names = "--pending", description = "Only operations not yet pushed to a server.")
    boolean pending;

    @Option(
        names = {"--limit", "-n"},
        paramLabel = "N",
        description = "At most N operations (default 20).")
    int limit = 20;

    @Override
    int run() throws Exception {
      if (limit < 1) {
        throw new InvalidInputException("--limit must be 1 or more");
      }
      new OpView(output()).list(replica().log(pending, limit), replica()::keys);
      return ExitCode.OK;
    }
  }

  @Command(name = "history", description = "Every operation on one issue, oldest first.")
  static final class History extends TernCommand {
    @Parameters(paramLabel = "REF")
    String reference;

    @Override
    int run() throws Exception {
      new OpView(output()).list(replica().history(reference), replica()::keys);
      return ExitCode.OK;
    }
  }
}
