package dev.tern.cli;

import dev.tern.cli.view.IssueView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show an issue with its comments.")
final class ShowCommand extends TernCommand implements TernCommand.Reading {
  @Parameters(paramLabel = "REF", description = "ENG-42, a UUID, or a unique prefix of one.")
  String reference;

  @Override
  int run() throws Exception {
    var issue = replica().show(reference(reference));
    page();
    new IssueView(output()).refusals(replica().refusals(issue.id())).page(issue, replica()::keys);
    return ExitCode.OK;
  }
}
