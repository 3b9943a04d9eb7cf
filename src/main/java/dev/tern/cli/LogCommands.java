package dev.tern.cli;

import dev.tern.cli.view.OpView;
import dev.tern.model.InvalidInputException;
import dev.tern.replica.LogEntry;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The operation log, whole ({@code log}) or for one issue ({@code history}). */
final class LogCommands {
  private LogCommands() {}

  @Command(name = "log", description = "The operation log, newest first.")
  static final class Log extends TernCommand implements TernCommand.Reading {
    @Option(names = "--pending", description = "Only operations not yet pushed to a server.")
    boolean pending;

    @Option(
        names = {"--limit", "-n"},
        paramLabel = "N",
        description = "At most N operations (default 20 as text, all with --json; 0: all).")
    Integer limit;

    @Override
    int run() throws Exception {
      if (limit != null && limit < 0) {
        throw new InvalidInputException("--limit must be 0 (all) or more");
      }
      // --json is for scripts: never cut short unless asked (docs/json.md).
      int rows = limit != null ? limit : json() ? 0 : 20;
      List<LogEntry> ops = replica().log(pending, rows == 0 ? Integer.MAX_VALUE : rows + 1);
      boolean more = rows > 0 && ops.size() > rows;
      page();
      new OpView(output()).list(more ? ops.subList(0, rows) : ops, replica()::keys);
      if (more && !json()) {
        terminal().err().println("newest " + rows + " operations shown; --limit 0 shows all");
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "history", description = "Every operation on one issue, oldest first.")
  static final class History extends TernCommand implements TernCommand.Reading {
    @Parameters(
        paramLabel = "REF",
        description = "The issue: ENG-42, 42, a UUID or a unique prefix.")
    String reference;

    @Override
    int run() throws Exception {
      List<LogEntry> ops = replica().history(reference(reference));
      page();
      new OpView(output()).list(ops, replica()::keys);
      return ExitCode.OK;
    }
  }
}
