package dev.tern.cli;

import dev.tern.cli.view.IssueView;
import dev.tern.replica.IssueEdit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "label",
    description = "Add or remove labels, or list those in use with their counts.",
    subcommands = {LabelCommand.Add.class, LabelCommand.Remove.class, LabelCommand.Ls.class})
final class LabelCommand {
  private LabelCommand() {}

  abstract static class Change extends TernCommand {
    @Parameters(
        index = "0",
        paramLabel = "REF",
        description = "The issue: ENG-42, 42, a UUID or a unique prefix.")
    String reference;

    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "LABEL",
        description = "Labels: each one word, without commas or spaces.")
    List<String> labels;

    abstract IssueEdit edit();

    @Override
    int run() throws Exception {
      new IssueView(output()).labels(replica().update(reference(reference), edit()));
      return ExitCode.OK;
    }
  }

  @Command(
      name = "ls",
      aliases = "list",
      description = "Every label in use, with how many issues (archived ones aside) carry it.")
  static final class Ls extends TernCommand implements TernCommand.Reading {
    @Override
    int run() throws Exception {
      var counts = replica().labelCounts();
      page();
      new IssueView(output()).labelCounts(counts);
      return ExitCode.OK;
    }
  }

  @Command(name = "add", description = "Add labels to an issue.")
  static final class Add extends Change {
    @Override
    IssueEdit edit() {
      return IssueEdit.none().withLabels(labels, List.of());
    }
  }

  @Command(name = "remove", aliases = "rm", description = "Remove labels from an issue.")
  static final class Remove extends Change {
    @Override
    IssueEdit edit() {
      return IssueEdit.none().withLabels(List.of(), labels);
    }
  }
}
