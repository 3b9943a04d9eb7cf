package dev.tern.cli;

import dev.tern.cli.view.IssueView;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.replica.NewIssue;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "new", description = "Create an issue; prints its reference.")
final class NewCommand extends TernCommand {
  @Parameters(
      paramLabel = "TITLE",
      arity = "0..1",
      description =
          "The title. Left out, $VISUAL or $EDITOR opens: title on the first line, then the"
              + " description; '#' lines are dropped, an empty message aborts (exit 2).")
  String title;

  @Mixin DescriptionOptions description;

  @Option(
      names = "--state",
      paramLabel = "S",
      completionCandidates = CompletionCandidates.States.class,
      description = "backlog, todo (default), in_progress, done, canceled.")
  String state;

  @Option(
      names = "--priority",
      paramLabel = "P",
      completionCandidates = CompletionCandidates.Priorities.class,
      description = "none (default), urgent, high, medium, low, or 0-4 (0 none ... 4 low).")
  String priority;

  @Option(
      names = "--assignee",
      paramLabel = "USER",
      description = "Assign to USER ('me' or '@me': you; 'none': no one).")
  String assignee;

  @Option(
      names = "--label",
      paramLabel = "L",
      parameterConsumer = LabelValues.class,
      description = "Labels (repeatable or comma-separated).")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--estimate",
      paramLabel = "N",
      description = "Estimate, a whole number of points (0 or more).")
  Long estimate;

  @Option(names = "--team", paramLabel = "KEY", description = "Team (default: the profile's team).")
  String team;

  @Option(
      names = "--parent",
      paramLabel = "REF",
      description = "Parent issue: ENG-42, 42, a UUID or a unique prefix.")
  String parent;

  /** The help under the editor's empty first line, as {@code git commit} writes its own. */
  private static final String TEMPLATE =
      "# The first line is the new issue's title; the lines after it, its description.\n"
          + "# Lines starting with '#' are dropped. An empty message creates nothing.\n";

  @Override
  int run() throws Exception {
    String text = description.read(session());
    if (title == null) {
      if (!TextInput.editorAvailable(session().env(), terminal().interactive())) {
        throw new InvalidInputException(
            "missing 'TITLE' (give it, or set $EDITOR to write it in an editor)");
      }
      String message =
          TextInput.message(
              (text == null ? "\n" : "\n\n" + text + "\n") + TEMPLATE, session().env(), "issue");
      int end = message.indexOf('\n');
      title = end < 0 ? message : message.substring(0, end);
      text = end < 0 ? text : message.substring(end + 1).strip();
    }
    Issue issue =
        replica()
            .create(
                new NewIssue(
                    title,
                    text,
                    state == null ? null : State.parse(state),
                    priority == null ? null : Priority.parse(priority),
                    nobody(assignee) ? null : person(assignee),
                    labels,
                    estimate,
                    team,
                    parent == null ? null : reference(parent)));
    new IssueView(output()).reference(issue);
    return ExitCode.OK;
  }
}
