package dev.tern.cli;

import dev.tern.cli.view.ConflictView;
import dev.tern.model.Conflict;
import dev.tern.model.Issue;
import dev.tern.replica.Replica;
import dev.tern.replica.Replica.Choice;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Lists the edits of yours that lost a collision on the server; {@code show} draws one as a diff.
 */
@Command(
    name = "conflicts",
    description = "List your edits that lost a collision on the server.",
    subcommands = {
      ConflictsCommand.Show.class,
      ConflictsCommand.Resolve.class,
      ConflictsCommand.Dismiss.class,
      ConflictsCommand.Move.class,
      ConflictsCommand.Discard.class
    })
final class ConflictsCommand extends TernCommand {
  @Option(names = "--all", description = "Resolved ones too.")
  boolean all;

  @Override
  int run() throws Exception {
    ConflictView view = new ConflictView(output());
    view.list(replica().conflicts(!all), replica()::keys);
    view.rejections(replica().rejections(), replica()::keys);
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

  @Command(
      name = "resolve",
      description =
          "Settle a conflict: write your value again, keep theirs, or edit a three-way merge.")
  static final class Resolve extends TernCommand {
    @Parameters(paramLabel = "ID", description = "The conflict's id (its first characters do).")
    String id;

    @ArgGroup(multiplicity = "1")
    Way way;

    static final class Way {
      @Option(names = "--mine", description = "Write your lost value again.")
      boolean mine;

      @Option(names = "--theirs", description = "Keep the value that won.")
      boolean theirs;

      @Option(
          names = "--edit",
          description = "Edit both versions merged, with conflict markers, in $VISUAL or $EDITOR.")
      boolean edit;
    }

    @Override
    int run() throws Exception {
      Replica replica = replica();
      Replica.Settled settled;
      if (way.edit) {
        String offered = replica.conflictMerge(id);
        String edited = TextInput.edit(offered, session().env());
        if (edited.endsWith("\n") && !offered.endsWith("\n")) {
          // Editors end the file with a newline; the text had none, so it is not the user's.
          edited = edited.substring(0, edited.length() - 1);
        }
        settled = replica.resolveConflict(id, Choice.EDITED, edited);
      } else {
        settled = replica.resolveConflict(id, way.mine ? Choice.MINE : Choice.THEIRS, null);
      }
      new ConflictView(output()).settled(settled.conflict(), settled.written(), replica::keys);
      return ExitCode.OK;
    }
  }

  @Command(name = "dismiss", description = "Close a conflict without changing anything.")
  static final class Dismiss extends TernCommand {
    @Parameters(paramLabel = "ID", description = "The conflict's id (its first characters do).")
    String id;

    @Override
    int run() throws Exception {
      new ConflictView(output()).settled(replica().dismissConflict(id), null, replica()::keys);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "move",
      description = "Send an issue the server refused again, under a team you belong to.")
  static final class Move extends TernCommand {
    @Parameters(paramLabel = "REF", description = "The refused issue.")
    String reference;

    @Option(names = "--team", required = true, description = "One of your teams.")
    String team;

    @Override
    int run() throws Exception {
      Issue moved = replica().moveRejected(reference, team);
      new ConflictView(output()).moved(moved);
      return ExitCode.OK;
    }
  }

  @Command(name = "discard", description = "Give up what the server refused of an issue.")
  static final class Discard extends TernCommand {
    @Parameters(paramLabel = "REF", description = "The refused issue.")
    String reference;

    @Override
    int run() throws Exception {
      int discarded = replica().discardRejected(reference);
      new ConflictView(output()).discarded(reference, discarded);
      return ExitCode.OK;
    }
  }
}
