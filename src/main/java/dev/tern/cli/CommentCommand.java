package dev.tern.cli;

import dev.tern.cli.view.IssueView;
import dev.tern.model.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "comment", description = "Add a comment to an issue.")
final class CommentCommand extends TernCommand {
  @Parameters(index = "0", paramLabel = "REF")
  String reference;

  @Parameters(index = "1", paramLabel = "TEXT", arity = "0..1")
  String text;

  @Option(
      names = {"-F", "--file"},
      paramLabel = "FILE",
      description = "Read the comment from FILE ('-': standard input).")
  String file;

  @Override
  int run() throws Exception {
    if ((text == null) == (file == null)) {
      throw new InvalidInputException("give the comment as TEXT or with -F FILE (one of them)");
    }
    String body = file != null ? TextInput.read(file, session().stdin()) : text;
    var comment = replica().comment(reference(reference), body);
    new IssueView(output()).comment(comment, replica()::keys);
    return ExitCode.OK;
  }
}
