package dev.tern.cli;

import dev.tern.cli.view.IssueView;
import dev.tern.cli.view.Text;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "comment", description = "Add a comment to an issue.")
final class CommentCommand extends TernCommand {
  @Parameters(
      index = "0",
      paramLabel = "REF",
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
}
