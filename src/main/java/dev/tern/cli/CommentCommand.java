package dev.tern.cli;

import dev.tern.cli.view.IssueView;
import dev.tern.cli.view.Text;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "comment",
    description =
        "Add a comment to an issue; 'comment edit ID' rewrites yours, 'comment rm ID' deletes"
            + " one.",
    subcommands = {CommentCommand.Edit.class, CommentCommand.Remove.class})
final class CommentCommand extends TernCommand {
  // Optional to picocli so that 'comment rm ID' and 'comment edit ID' parse; run() asks for it.
  @Parameters(
      index = "0",
      paramLabel = "REF",
      arity = "0..1",
      description = "The issue: ENG-42, 42, a UUID or a unique prefix.")
  String reference;

  @Parameters(
      index = "1",
      paramLabel = "TEXT",
      arity = "0..1",
      description =
          "The comment. Left out (and no -F), $VISUAL or $EDITOR opens; '#' lines are dropped,"
              + " an empty comment aborts (exit 2).")
  String text;

  @Option(
      names = {"-F", "--file"},
      paramLabel = "FILE",
      description = "Read the comment from FILE ('-': standard input).")
  String file;

  @Override
  int run() throws Exception {
    if (reference == null) {
      throw new InvalidInputException("missing 'REF': the issue to comment on");
    }
    if (text != null && file != null) {
      throw new InvalidInputException("give the comment as TEXT or with -F FILE, not both");
    }
    String target = reference(reference);
    String body;
    if (text != null) {
      body = text;
    } else if (file != null) {
      body = TextInput.read(file, session().stdin());
    } else if (TextInput.editorAvailable(session().env(), terminal().interactive())) {
      Issue issue = replica().show(target);
      body =
          TextInput.message(
              "\n# Comment on "
                  + issue.key()
                  + ": "
                  + Text.printable(issue.title(), false).replace('\n', ' ')
                  + "\n# Lines starting with '#' are dropped. An empty comment is not saved.\n",
              session().env(),
              "comment");
    } else {
      throw new InvalidInputException(
          "give the comment as TEXT or with -F FILE (or set $EDITOR to write it in an editor)");
    }
    var comment = replica().comment(target, body);
    new IssueView(output()).comment(comment, replica()::keys);
    return ExitCode.OK;
  }

  @Command(
      name = "edit",
      description =
          "Rewrite the text of a comment you wrote. Syncs like any edit: a concurrent edit of the"
              + " same comment merges line by line, or the later one wins and the other author"
              + " gets a conflict (tern conflicts); 'tern undo' puts the old text back.")
  static final class Edit extends TernCommand {
    @Parameters(
        index = "0",
        paramLabel = "ID",
        description = "The comment's id, or 4 or more of its first characters (see 'tern show').")
    String id;

    @Parameters(
        index = "1",
        paramLabel = "TEXT",
        arity = "0..1",
        description =
            "The new text. Left out (and no -F), $VISUAL or $EDITOR opens on the current text;"
                + " saving it empty aborts (exit 2).")
    String text;

    @Option(
        names = {"-F", "--file"},
        paramLabel = "FILE",
        description = "Read the new text from FILE ('-': standard input).")
    String file;

    @Override
    int run() throws Exception {
      if (text != null && file != null) {
        throw new InvalidInputException("give the text as TEXT or with -F FILE, not both");
      }
      String body;
      if (text != null) {
        body = text;
      } else if (file != null) {
        body = TextInput.read(file, session().stdin());
      } else if (TextInput.editorAvailable(session().env(), terminal().interactive())) {
        // Edited as it stands: a '#' line is part of the text (a markdown heading), not dropped.
        String current = replica().findComment(id).body();
        body =
            TextInput.edit(current.endsWith("\n") ? current : current + "\n", session().env())
                .strip();
        if (body.isEmpty()) {
          throw new InvalidInputException("empty comment; nothing was saved");
        }
      } else {
        throw new InvalidInputException(
            "give the text as TEXT or with -F FILE (or set $EDITOR to write it in an editor)");
      }
      new IssueView(output()).comment(replica().editComment(id, body), replica()::keys);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "rm",
      aliases = "delete",
      description =
          "Delete a comment: it disappears from show, stays in history, and 'tern undo' brings it"
              + " back. Syncs like any edit.")
  static final class Remove extends TernCommand {
    @Parameters(
        paramLabel = "ID",
        description = "The comment's id, or 4 or more of its first characters (see 'tern show').")
    String id;

    @Override
    int run() throws Exception {
      new IssueView(output()).comment(replica().deleteComment(id), replica()::keys, true);
      return ExitCode.OK;
    }
  }
}
