package dev.tern.cli;

import dev.tern.cli.view.IssueView;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.NotFoundException;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.replica.IssueEdit;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "edit", description = "Change an issue's fields; prints the issue's reference.")
final class EditCommand extends TernCommand {
  @Parameters(
      paramLabel = "REF",
      arity = "1..*",
      description = "Issues: ENG-42, 42, a UUID or a unique prefix; '-' reads them from stdin.")
  List<String> references;

  @Option(names = "--title", paramLabel = "T", description = "New title.")
  String title;

  @Option(
      names = "--state",
      paramLabel = "S",
      completionCandidates = CompletionCandidates.States.class,
      description = "New state: backlog, todo, in_progress, done, canceled.")
  String state;

  @Option(
      names = "--priority",
      paramLabel = "P",
      completionCandidates = CompletionCandidates.Priorities.class,
      description = "New priority: none, urgent, high, medium, low, or 0-4.")
  String priority;

  @Option(
      names = "--assignee",
      paramLabel = "USER",
      description = "Assign to USER ('me' or '@me': you; '' or 'none': unassign).")
  String assignee;

  @Option(
      names = "--label",
      paramLabel = "+L|-L",
      parameterConsumer = LabelValues.class,
      description = "Add (+L or L) or remove (-L) labels (repeatable or comma-separated).")
  List<String> labels = new ArrayList<>();

  @Option(names = "--estimate", paramLabel = "N", description = "Estimate (-1: none).")
  Long estimate;

  @Option(names = "--parent", paramLabel = "REF", description = "Parent issue ('': none).")
  String parent;

  @Mixin DescriptionOptions description;

  @Option(
      names = {"-e", "--editor"},
      description = "Edit the description in $VISUAL or $EDITOR.")
  boolean editor;

  /**
   * Refuses to make {@code parentReference} the parent of {@code issue} when that would close a
   * loop: the parent is the issue itself or already one of its sub-issues.
   */
  private void refuseCycle(Issue issue, String parentReference) {
    Issue above = replica().show(parentReference);
    String named = above.key();
    for (int depth = 0; above != null && depth < 10_000; depth++) {
      if (above.id().equals(issue.id())) {
        throw new InvalidInputException(
            depth == 0
                ? "an issue cannot be its own parent"
                : named
                    + " is already below "
                    + issue.key()
                    + "; making it the parent would make a loop");
      }
      above = above.parent() == null ? null : held(above.parent());
    }
  }

  /**
   * The parent {@code id} names, or null when this replica does not hold it (an issue of a team the
   * user is not in, named by a peer): the walk up stops there rather than failing on an issue the
   * user never named; the server keeps the last word on what it accepts.
   */
  private Issue held(String id) {
    try {
      return replica().show(id);
    } catch (NotFoundException | InvalidInputException e) {
      return null;
    }
  }

  @Override
  int run() throws Exception {
    if (editor && description.given()) {
      throw new InvalidInputException("give only one of -d, -F and --editor");
    }
    if (references.contains("-") && "-".equals(description.file)) {
      throw new InvalidInputException("references and the description cannot both come from stdin");
    }
    String text = description.read(session());
    List<String> targets = issues(references);
    if (editor) {
      if (targets.size() > 1) {
        throw new InvalidInputException("--editor edits one issue at a time");
      }
      text = TextInput.edit(replica().show(targets.get(0)).description(), session().env());
    }
    String parentId = null;
    if (parent != null && !parent.isBlank() && !nobody(parent)) {
      parentId = reference(parent);
      for (String target : targets) {
        refuseCycle(replica().show(target), parentId);
      }
    }
    List<String> add = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    for (String label : labels) {
      if (label.startsWith("-")) {
        remove.add(label.substring(1));
      } else {
        add.add(label.startsWith("+") ? label.substring(1) : label);
      }
    }
    boolean unassign = nobody(assignee);
    boolean noEstimate = estimate != null && estimate < 0;
    IssueEdit edit =
        new IssueEdit(
            title,
            text,
            state == null ? null : State.parse(state),
            priority == null ? null : Priority.parse(priority),
            unassign ? null : person(assignee),
            unassign,
            add,
            remove,
            noEstimate ? null : estimate,
            noEstimate,
            parentId != null ? parentId : nobody(parent) ? "" : parent,
            null);
    IssueView view = new IssueView(output());
    for (String target : targets) {
      view.reference(replica().update(target, edit));
    }
    return ExitCode.OK;
  }
}
