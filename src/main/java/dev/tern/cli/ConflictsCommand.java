package dev.tern.cli;

import dev.tern.cli.view.ConflictView;
import dev.tern.model.Conflict;
import dev.tern.model.Issue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Lists the edits of yours that lost a collision on the server; {@code show} draws one as a diff.
 */
@Command(
    name = "conflicts",
    description = "List your edits that lost a collision on the server.",
    subcommands = {ConflictsCommand.Show.class})
final class ConflictsCommand extends TernCommand {
  @Option(names = "--all", description = "Resolved ones too.")
  boolean all;

  @Override
  int run() throws Exception {
    new ConflictView(output()).list(replica().conflicts(!all), replica()::keys);
    return ExitCode.OK;
  }

  @Command(
      name = "show",
      description = "Show one conflict: both sides, who and when, and the diff against the base.")
  static final class Show extends TernCommand {
    @Parameters(paramLabel = "ID", description = "The conflict's id (its first characters do).")
    String id;

    @Override
    int run() throws Exception {
      Conflict conflict = replica().conflict(id);
      Issue issue = replica().issue(conflict.issueId()).orElse(null);
      new ConflictView(output()).show(conflict, issue, replica().actor());
      return ExitCode.OK;
    }
  }
}
