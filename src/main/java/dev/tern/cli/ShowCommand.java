package dev.tern.cli;

import dev.tern.model.Issue;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Show an issue with its comments.")
final class ShowCommand extends TernCommand {
  @Parameters(paramLabel = "REF", description = "ENG-42, a UUID, or a unique prefix of one.")
  String reference;

  @Override
  int run() throws Exception {
    Issue issue = replica().show(reference);
    if (json()) {
      Json.issue(terminal(), issue);
    } else {
      List<String> parents = issue.parent() == null ? List.of() : List.of(issue.parent());
      new Render(terminal(), session().zone()).issue(issue, replica().keys(parents));
    }
    return ExitCode.OK;
  }
}
